"""Read-only outbox queries for the admin page: metadata only, never subjects or bodies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models.mail import OutboxMessage, OutboxStatus

PAGE_SIZE = 50


@dataclass(frozen=True)
class OutboxRow:
    id: int
    status: str
    kind: str
    recipient: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str | None


def outbox_page(
    session: Session, *, status: OutboxStatus | None = None, page: int = 1
) -> tuple[list[OutboxRow], int]:
    """Newest first, one page; and how many messages match in all."""
    where = [OutboxMessage.status == status] if status else []
    total = session.scalar(select(func.count()).select_from(OutboxMessage).where(*where)) or 0
    rows = session.execute(
        select(
            OutboxMessage.id,
            OutboxMessage.status,
            OutboxMessage.kind,
            OutboxMessage.recipient,
            OutboxMessage.attempts,
            OutboxMessage.created_at,
            OutboxMessage.next_attempt_at,
            OutboxMessage.sent_at,
            OutboxMessage.last_error,
        )
        .where(*where)
        .order_by(OutboxMessage.id.desc())
        .limit(PAGE_SIZE)
        .offset((max(page, 1) - 1) * PAGE_SIZE)
    ).all()
    return [OutboxRow(*(r[:1] + (r[1].value,) + r[2:])) for r in rows], total


def counts(session: Session) -> dict[str, int]:
    found = dict(
        session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        ).all()
    )
    return {s.value: found.get(s, 0) for s in OutboxStatus}
