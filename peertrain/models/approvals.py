"""A change that would let someone read another person's records, waiting for a second admin."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db


class PendingChange(db.Model):
    """One requested change. `payload` holds plain values only (ids, role names, ISO dates, a
    password *hash*), so applying it later never depends on a form. `record_id` is the row the
    change applies to (a new assignment or scope gets its id when the change is applied);
    `grantee_id` is the person who would gain access, who may not approve it either."""

    __tablename__ = "pending_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    record_type: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[int | None] = mapped_column(Integer)
    grantee_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    summary: Mapped[str] = mapped_column(String(300))
    payload: Mapped[dict] = mapped_column(JSON)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decision: Mapped[str | None] = mapped_column(String(20))  # approved / rejected / withdrawn

    __table_args__ = (
        # The database keeps the four-eyes rule too, whatever a future code path forgets.
        CheckConstraint(
            "decided_by_id IS NULL OR decided_by_id <> requested_by_id", name="four_eyes"
        ),
        CheckConstraint(
            "decision IS NULL OR decision IN ('approved', 'rejected', 'withdrawn')", name="decision"
        ),
        Index("ix_pending_change_open", "decision", "requested_at"),
    )
