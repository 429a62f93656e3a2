"""Work on gap findings (issue 18): who handles a finding, its status, and its history."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from .people import User, _enum


class FindingStatus(enum.StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    HANDLED = "handled"

    @property
    def label(self) -> str:
        return {"open": "Open", "acknowledged": "Acknowledged", "handled": "Handled"}[self.value]


class FindingAction(enum.StrEnum):
    """What a history row records: a note, or a change of status or owner."""

    NOTE = "note"
    ACKNOWLEDGED = "acknowledged"
    ASSIGNED = "assigned"
    HANDLED = "handled"


class FindingState(db.Model):
    """One row per finding anyone has worked on, keyed by the finding's stable key (rule and
    subject, e.g. ``competency:CRI:team-3``). Findings themselves are computed, never stored."""

    __tablename__ = "finding_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    # The team the finding is about, kept so that who may see its notes does not depend on
    # whether the figures still show it.
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("team.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))  # as last shown, for when it is gone
    status: Mapped[FindingStatus] = mapped_column(
        _enum(FindingStatus, "finding_status"), default=FindingStatus.OPEN
    )
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])


class FindingNote(db.Model):
    """History of a finding, appended to and never edited: a manager's short note, or a
    change of status or owner. Notes are manager-written text: managers in scope only."""

    __tablename__ = "finding_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(
        ForeignKey("finding_state.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    action: Mapped[FindingAction] = mapped_column(_enum(FindingAction, "finding_action"))
    text: Mapped[str | None] = mapped_column(Text)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
