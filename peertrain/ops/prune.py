"""Retention of operational tables: ended logins, stale drafts, old throttle rows, old audit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, String, and_, delete, func, or_, select

from .. import audit
from ..clock import utcnow
from ..extensions import db
from ..models import AuditEvent, LoginThrottle, NoteDraft, User, UserSession

BATCH = 5000
# Audit events are the evidence of who read whose records: never kept shorter than this.
MIN_AUDIT_YEARS = 6


@dataclass(frozen=True)
class Rule:
    name: str
    model: type
    key: object  # the primary-key column, to delete in batches
    where: ColumnElement[bool]


def rules(config: dict, now: datetime | None = None) -> list[Rule]:
    now = now or utcnow()
    years = config["AUDIT_RETENTION_YEARS"]
    if years < MIN_AUDIT_YEARS:
        raise ValueError(f"AUDIT_RETENTION_YEARS must be at least {MIN_AUDIT_YEARS}, not {years}")
    sessions = now - timedelta(days=config["ENDED_SESSION_RETENTION_DAYS"])
    throttle = now - timedelta(days=config["THROTTLE_RETENTION_DAYS"])
    # A legal hold (peertrain/privacy) keeps the held person's drafts and audit trail.
    held = select(User.id).where(User.legal_hold.is_(True))
    not_held_actor = or_(AuditEvent.actor_id.is_(None), AuditEvent.actor_id.not_in(held))
    not_held_subject = or_(
        AuditEvent.record_type != "user",
        AuditEvent.record_id.is_(None),
        AuditEvent.record_id.not_in(
            select(func.cast(User.id, String)).where(User.legal_hold.is_(True))
        ),
    )
    return [
        # A login unused for the whole retention period ended long ago (12 hours at most).
        Rule(
            "ended login sessions",
            UserSession,
            UserSession.id,
            func.coalesce(UserSession.revoked_at, UserSession.last_seen_at) < sessions,
        ),
        Rule(
            "stale drafts",
            NoteDraft,
            NoteDraft.id,
            and_(
                NoteDraft.updated_at < now - timedelta(days=config["DRAFT_RETENTION_DAYS"]),
                NoteDraft.user_id.not_in(held),
            ),
        ),
        Rule(
            "old login throttle rows",
            LoginThrottle,
            LoginThrottle.key,
            and_(
                LoginThrottle.window_started_at < throttle,
                or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < now),
            ),
        ),
        Rule(
            "audit events",
            AuditEvent,
            AuditEvent.id,
            and_(
                AuditEvent.at < now.replace(year=now.year - years), not_held_actor, not_held_subject
            ),
        ),
    ]


def count(rule: Rule) -> int:
    return db.session.scalar(select(func.count()).select_from(rule.model).where(rule.where))


def apply(rule: Rule) -> int:
    """Delete in batches, each its own transaction: a live table is never locked for long."""
    total = 0
    while True:
        keys = db.session.scalars(select(rule.key).where(rule.where).limit(BATCH)).all()
        if not keys:
            return total
        db.session.execute(delete(rule.model).where(rule.key.in_(keys)))
        db.session.commit()
        total += len(keys)


def prune(config: dict, *, dry_run: bool) -> dict[str, int]:
    found = {}
    for rule in rules(config):
        found[rule.name] = count(rule) if dry_run else apply(rule)
    if not dry_run:
        detail = ", ".join(f"{name}: {n}" for name, n in found.items())
        audit.log("prune", "retention", None, detail=detail[:300])
        db.session.commit()
    return found
