"""Pending changes for the admin list: open ones oldest first, and the latest decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ..models import PendingChange, User


@dataclass(frozen=True)
class Row:
    id: int
    summary: str
    requested_by_id: int | None
    grantee_id: int | None
    requester: str
    requested_at: datetime
    decision: str | None
    decider: str | None
    decided_at: datetime | None


def _rows(db_session: Session, stmt) -> list[Row]:
    asker, decider = aliased(User), aliased(User)
    stmt = stmt.add_columns(asker.name, decider.name)
    stmt = stmt.outerjoin(asker, asker.id == PendingChange.requested_by_id)
    stmt = stmt.outerjoin(decider, decider.id == PendingChange.decided_by_id)
    return [
        Row(
            c.id,
            c.summary,
            c.requested_by_id,
            c.grantee_id,
            asked or "A removed account",
            c.requested_at,
            c.decision,
            decided,
            c.decided_at,
        )
        for c, asked, decided in db_session.execute(stmt)
    ]


def open_changes(db_session: Session) -> list[Row]:
    stmt = select(PendingChange).where(PendingChange.decision.is_(None))
    return _rows(db_session, stmt.order_by(PendingChange.requested_at, PendingChange.id))


def recent_decisions(db_session: Session, limit: int = 50) -> list[Row]:
    stmt = select(PendingChange).where(PendingChange.decision.is_not(None))
    order = (PendingChange.decided_at.desc(), PendingChange.id.desc())
    return _rows(db_session, stmt.order_by(*order).limit(limit))
