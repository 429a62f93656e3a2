"""The peer worker's own voice (issue 16): their role-drift log, and peer-values ratings of
held supervision sessions by the supervisor and, anonymously, by each supervisee."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db
from .people import _enum


class DriftTask(enum.StrEnum):
    MEDICATION = "monitoring_medication"
    RULES = "enforcing_rules"
    SECURITY = "escorting_as_security"
    CLINICAL_GAP = "covering_clinical_gap"
    PAPERWORK = "unrelated_paperwork"
    OTHER = "other"


class AskedBy(enum.StrEnum):
    NURSE = "nurse"
    DOCTOR = "doctor"
    MANAGER = "manager"
    OTHER_STAFF = "other_staff"
    PEER_COLLEAGUE = "peer_colleague"
    OTHER = "other"


class DriftDone(enum.StrEnum):
    YES = "yes"
    NO = "no"
    PARTLY = "partly"


class DriftEntry(db.Model):
    """A task outside the peer role that a worker was asked to do. Who asked is a role, never
    a name; the note is the worker's and their current supervisor's only."""

    __tablename__ = "drift_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    happened_on: Mapped[date] = mapped_column(Date, index=True)
    task: Mapped[DriftTask] = mapped_column(_enum(DriftTask, "drift_task"))
    asked_by: Mapped[AskedBy] = mapped_column(_enum(AskedBy, "drift_asked_by"))
    done: Mapped[DriftDone] = mapped_column(_enum(DriftDone, "drift_done"))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


SCORES = ("mutual", "shared_power", "transparent", "strengths", "person_driven")


def _score(name: str) -> CheckConstraint:
    return CheckConstraint(f"{name} BETWEEN 1 AND 5", name=f"{name}_range")


class SupervisorValuesRating(db.Model):
    """The supervisor's own rating of a held session they led (not anonymous: it is theirs)."""

    __tablename__ = "supervisor_values_rating"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_session.id", ondelete="CASCADE"), primary_key=True
    )
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    mutual: Mapped[int] = mapped_column(Integer)
    shared_power: Mapped[int] = mapped_column(Integer)
    transparent: Mapped[int] = mapped_column(Integer)
    strengths: Mapped[int] = mapped_column(Integer)
    person_driven: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = tuple(_score(s) for s in SCORES)


class SuperviseeValuesRating(db.Model):
    """A supervisee's rating of a held session. No rater column: the row is found again only
    through `rater_key`, an HMAC of the session and the rater under the app's secret key, which
    the rater's own request can compute and a reader of the table cannot reverse. The team is
    the rater's at the time (for team aggregates)."""

    __tablename__ = "supervisee_values_rating"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_session.id", ondelete="CASCADE"), index=True
    )
    rater_key: Mapped[str] = mapped_column(String(64), unique=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"))
    mutual: Mapped[int] = mapped_column(Integer)
    shared_power: Mapped[int] = mapped_column(Integer)
    transparent: Mapped[int] = mapped_column(Integer)
    strengths: Mapped[int] = mapped_column(Integer)
    person_driven: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    share_comment: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    __table_args__ = tuple(_score(s) for s in SCORES)


class ValuesRated(db.Model):
    """Who has rated which session, without the rating: counts distinct raters for the
    "at least 5 raters" rule and nothing else. It shares no key with the rating row."""

    __tablename__ = "values_rated"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_session.id", ondelete="CASCADE"), primary_key=True
    )
    rater_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    # The rater's team when they first rated it, as on their rating: raters per team cell.
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"))
