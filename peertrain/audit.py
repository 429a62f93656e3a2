"""Writing audit events. `log` joins the caller's transaction; `log_now` commits on its own."""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import insert

from . import prepared
from .clock import utcnow
from .extensions import db
from .memo import commit_keeping_loaded
from .models import AuditEvent


def _client_ip() -> str | None:
    return request.remote_addr if has_request_context() else None


def _values(
    action: str,
    record_type: str | None = None,
    record_id: object = None,
    *,
    outcome: str = "success",
    actor_id: int | None = None,
    detail: str | None = None,
) -> dict:
    """One event's columns; the actor is the signed-in person unless given."""
    if actor_id is None and has_request_context() and current_user.is_authenticated:
        actor_id = current_user.id
    return {
        "actor_id": actor_id,
        "action": action,
        "record_type": record_type,
        "record_id": None if record_id is None else str(record_id),
        "outcome": outcome,
        "ip": _client_ip(),
        "detail": detail[:300] if detail else None,
    }


def log(*args, **kwargs) -> AuditEvent:
    """Joins the caller's transaction (arguments as _values)."""
    event = AuditEvent(**_values(*args, **kwargs))
    db.session.add(event)
    return event


def log_reads(action: str, record_type: str, record_ids, *, actor_id: int | None = None) -> None:
    """One event per record read, written in one statement however many (a page listing
    twenty reflections must not cost twenty inserts). Joins the caller's transaction."""
    if actor_id is None and has_request_context() and current_user.is_authenticated:
        actor_id = current_user.id
    rows = [
        {"at": utcnow(), "actor_id": actor_id, "action": action, "record_type": record_type,
         "record_id": str(record_id), "outcome": "success", "ip": _client_ip()}
        for record_id in record_ids
    ]  # fmt: skip
    if rows:
        db.session.execute(insert(AuditEvent), rows)


_INSERT = insert(AuditEvent)  # its columns come from the values given when it runs


def log_now(*args, **kwargs) -> None:
    """For reads and refusals, which have no transaction of their own to join (arguments as
    _values): one row, inserted from a statement built once rather than through the unit of
    work (every profile and record view writes one; the object cost more than the insert),
    then committed."""
    prepared.rows(_INSERT, _values(*args, **kwargs) | {"at": utcnow()})
    commit_keeping_loaded(db.session)
