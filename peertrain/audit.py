"""Writing audit events. `log` joins the caller's transaction; `log_now` commits on its own."""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from .extensions import db
from .models import AuditEvent


def _client_ip() -> str | None:
    return request.remote_addr if has_request_context() else None


def log(
    action: str,
    record_type: str | None = None,
    record_id: object = None,
    *,
    outcome: str = "success",
    actor_id: int | None = None,
    detail: str | None = None,
) -> AuditEvent:
    if actor_id is None and has_request_context() and current_user.is_authenticated:
        actor_id = current_user.id
    event = AuditEvent(
        actor_id=actor_id,
        action=action,
        record_type=record_type,
        record_id=None if record_id is None else str(record_id),
        outcome=outcome,
        ip=_client_ip(),
        detail=detail[:300] if detail else None,
    )
    db.session.add(event)
    return event


def log_now(*args, **kwargs) -> AuditEvent:
    """For reads and refusals, which have no transaction of their own to join."""
    event = log(*args, **kwargs)
    db.session.commit()
    return event
