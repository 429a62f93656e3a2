"""Reflective supervision: sessions, participants, flags, action items, revisions and drafts."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from .people import User, _enum


class SessionFormat(enum.StrEnum):
    INDIVIDUAL = "individual"
    GROUP = "group"
    CO_REFLECTION = "co_reflection"


class SessionSetting(enum.StrEnum):
    IN_PERSON = "in_person"
    REMOTE = "remote"


class SessionStatus(enum.StrEnum):
    HELD = "held"
    CANCELLED = "cancelled"


class CancelReason(enum.StrEnum):
    SUPERVISOR_UNAVAILABLE = "supervisor_unavailable"
    SUPERVISEE_UNAVAILABLE = "supervisee_unavailable"
    SERVICE_DEMANDS = "service_demands"
    NO_TIME_OR_ROOM = "no_time_or_room"
    OTHER = "other"


class FlagKind(enum.StrEnum):
    ROLE_DRIFT = "role_drift"
    VALUES_TENSION = "values_tension"
    EXCLUDED_FROM_TEAM = "excluded_from_team"
    NO_ACCESS_TO_INFORMATION = "no_access_to_information"
    WORKLOAD = "workload"
    WELLBEING = "wellbeing"
    SUPERVISION_NOT_RESOURCED = "supervision_not_resourced"


TOPICS = {
    "peer_values": "Peer values",
    "boundaries": "Boundaries",
    "sharing_lived_experience": "Sharing lived experience",
    "role_clarity": "Role clarity",
    "team_integration": "Team integration",
    "wellbeing_burnout": "Wellbeing and burnout",
    "ethics": "Ethics",
    "support_situation": "A support situation",
    "learning_development": "Learning and development",
}


class SupervisionSession(db.Model):
    """A held or cancelled session. Notes are private to the supervisor and supervisees."""

    __tablename__ = "supervision_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    format: Mapped[SessionFormat] = mapped_column(_enum(SessionFormat, "session_format"))
    setting: Mapped[SessionSetting] = mapped_column(_enum(SessionSetting, "session_setting"))
    status: Mapped[SessionStatus] = mapped_column(
        _enum(SessionStatus, "session_status"), default=SessionStatus.HELD
    )
    cancel_reason: Mapped[CancelReason | None] = mapped_column(_enum(CancelReason, "cancel_reason"))
    cancel_note: Mapped[str | None] = mapped_column(Text)
    topics: Mapped[list] = mapped_column(JSON, default=list)
    what_happened: Mapped[str] = mapped_column(Text, default="")
    what_it_meant: Mapped[str] = mapped_column(Text, default="")
    what_next: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # Optimistic locking: a save carrying an older version is a conflict, not an overwrite.
    version: Mapped[int] = mapped_column(Integer, default=1)

    supervisor: Mapped[User] = relationship(foreign_keys=[supervisor_id])
    participants: Mapped[list[SessionParticipant]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )
    flags: Mapped[list[Flag]] = relationship(back_populates="session", cascade="all, delete-orphan")
    actions: Mapped[list[ActionItem]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="ActionItem.due_on"
    )
    addenda: Mapped[list[SessionAddendum]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        order_by="SessionAddendum.created_at",
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("minutes >= 0 AND minutes <= 600", name="minutes_range"),
        CheckConstraint(
            "(status = 'cancelled' AND cancel_reason IS NOT NULL) OR "
            "(status = 'held' AND cancel_reason IS NULL)",
            name="cancel_reason_when_cancelled",
        ),
        Index("ix_supervision_session_held_on", "held_on"),
    )


class SessionParticipant(db.Model):
    """A supervisee in a session: their own reflection and acknowledgement live here."""

    __tablename__ = "session_participant"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_session.id", ondelete="CASCADE"), primary_key=True
    )
    supervisee_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True, index=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    reflection: Mapped[str] = mapped_column(Text, default="")
    reflection_updated_at: Mapped[datetime | None] = mapped_column(DateTime)

    session: Mapped[SupervisionSession] = relationship(back_populates="participants")
    supervisee: Mapped[User] = relationship()


class Flag(db.Model):
    """An integration or resourcing concern. Managers see the kind, counts and the summary the
    supervisor wrote for them on purpose, never the notes."""

    __tablename__ = "flag"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_session.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[FlagKind] = mapped_column(_enum(FlagKind, "flag_kind"))
    supervisee_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    manager_summary: Mapped[str | None] = mapped_column(Text)

    session: Mapped[SupervisionSession] = relationship(back_populates="flags")
    supervisee: Mapped[User | None] = relationship()


class ActionItem(db.Model):
    __tablename__ = "action_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_session.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    description: Mapped[str] = mapped_column(String(500))
    due_on: Mapped[date | None] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    session: Mapped[SupervisionSession] = relationship(back_populates="actions")
    owner: Mapped[User] = relationship()


class SessionRevision(db.Model):
    """The text a session had before each edit, with who changed it and when."""

    __tablename__ = "session_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_session.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    edited_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    edited_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    snapshot: Mapped[dict] = mapped_column(JSON)

    edited_by: Mapped[User] = relationship()


class SessionAddendum(db.Model):
    """After the edit window closes, corrections are added, never written over."""

    __tablename__ = "session_addendum"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_session.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    text: Mapped[str] = mapped_column(Text)

    session: Mapped[SupervisionSession] = relationship(back_populates="addenda")
    author: Mapped[User] = relationship()


class NoteDraft(db.Model):
    """Server-side autosave of a form being typed, so a long note survives expiry and re-login."""

    __tablename__ = "note_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))  # e.g. "session:new", "session:42"
    payload: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_note_draft_user_key"),)


class SupervisionMonth(db.Model):
    """One worker's held supervision in one calendar month: the latest held session in the
    month, the latest before it, and the minutes held. Derived from the sessions and kept in
    step with them by peertrain/derived/supervision.py, so the 12-month coverage trend reads
    one narrow row per worker and month instead of every session. A worker has a row for
    every month from their first held session to 14 months after their last (long enough for
    the longest supervision interval an admin can set to run out)."""

    __tablename__ = "supervision_month"

    worker_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # the month's first day
    latest: Mapped[date | None] = mapped_column(Date)
    previous: Mapped[date | None] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer, default=0)

    # The trend reads every worker's row for a month: month first, covering what it reads.
    __table_args__ = (
        Index("ix_supervision_month_month", "month", "worker_id", "latest", "previous", "minutes"),
    )


class Attendance(db.Model):
    """One worker in one session, with the session's day, status, cancel reason and minutes
    copied beside them. Derived from the sessions and their participants and kept in step by
    peertrain/derived/supervision.py: the reports select a period's attendances from one
    narrow index instead of joining every participant to every session."""

    __tablename__ = "supervision_attendance"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_session.id", ondelete="CASCADE"), primary_key=True
    )
    worker_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    held_on: Mapped[date] = mapped_column(Date)
    status: Mapped[SessionStatus] = mapped_column(_enum(SessionStatus, "session_status"))
    cancel_reason: Mapped[CancelReason | None] = mapped_column(_enum(CancelReason, "cancel_reason"))
    minutes: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index(
            "ix_supervision_attendance_day",
            "held_on",
            "worker_id",
            "session_id",
            "status",
            "cancel_reason",
            "minutes",
        ),
    )
