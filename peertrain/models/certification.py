"""Certification (issue 15): credential choice, other training, weekly work log, supervisor
sign-offs, exams, certifications and portfolios. Hours are stored as whole minutes."""

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
from .people import ServiceSetting, _enum

# The organisation's default credential slug is the `Setting` row under this key; a worker's
# own `CredentialChoice` overrides it.
DEFAULT_CREDENTIAL_KEY = "certification.default_credential"

WEEK_MINUTES = 7 * 24 * 60  # the most a week can hold: a database backstop, not the form rule


class CredentialChoice(db.Model):
    """Which credential (a content/credentials/<slug>.yaml) a worker works towards."""

    __tablename__ = "credential_choice"

    worker_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    credential_slug: Mapped[str] = mapped_column(String(60))
    chosen_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    chosen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class TrainingKind(enum.StrEnum):
    WORKSHOP = "workshop"
    CLASSROOM = "classroom"
    CONFERENCE = "conference"
    ONLINE = "online"
    OTHER = "other"


class TrainingRecord(db.Model):
    """Training outside the app's modules (also continuing education: which period a record
    counts towards follows from its dates). `domains` holds competency *category* codes of the
    app's framework, so one record counts under any credential; `topics` holds tags a credential
    may require hours of (e.g. "ethics"). The certificate file lives outside the web root under
    a random `file_stored_name`; the original name is shown, never used as a path."""

    __tablename__ = "training_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(200))
    kind: Mapped[TrainingKind] = mapped_column(
        _enum(TrainingKind, "training_kind"), default=TrainingKind.WORKSHOP
    )
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    domains: Mapped[list] = mapped_column(JSON, default=list)
    topics: Mapped[list] = mapped_column(JSON, default=list)
    file_stored_name: Mapped[str | None] = mapped_column(String(64), unique=True)
    file_original_name: Mapped[str | None] = mapped_column(String(255))
    file_content_type: Mapped[str | None] = mapped_column(String(100))
    file_size: Mapped[int | None] = mapped_column(Integer)
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    verified_at: Mapped[datetime | None] = mapped_column(DateTime)
    # A supervisor may send an entry back instead of verifying it; the worker then corrects it.
    returned_at: Mapped[datetime | None] = mapped_column(DateTime)
    returned_note: Mapped[str | None] = mapped_column(Text)
    signoff_id: Mapped[int | None] = mapped_column(ForeignKey("signoff.id"), index=True)
    # A correction is a new row pointing at the row it replaces; both stay in the history.
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("training_record.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        CheckConstraint("minutes >= 0", name="minutes_not_negative"),
        CheckConstraint("ended_on >= started_on", name="dates_in_order"),
    )


class WorkLog(db.Model):
    """One week of the worker's peer work (week_starting is a Monday), confirmed by the
    supervisor and later signed off with the period it falls in."""

    __tablename__ = "work_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    week_starting: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    setting: Mapped[ServiceSetting] = mapped_column(_enum(ServiceSetting, "work_setting"))
    note: Mapped[str | None] = mapped_column(Text)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    returned_at: Mapped[datetime | None] = mapped_column(DateTime)
    returned_note: Mapped[str | None] = mapped_column(Text)
    signoff_id: Mapped[int | None] = mapped_column(ForeignKey("signoff.id"), index=True)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("work_log.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        CheckConstraint(f"minutes BETWEEN 0 AND {WEEK_MINUTES}", name="minutes_in_week"),
        Index("ix_work_log_worker_week", "worker_id", "week_starting"),
    )


class SignoffMethod(enum.StrEnum):
    PASSWORD = "password"  # noqa: S105  (the sign-off method, not a secret)
    TOTP = "totp"


class SignoffKind(enum.StrEnum):
    WORK_LOG = "work_log"
    TRAINING_RECORD = "training_record"
    SUPERVISION_SESSION = "supervision_session"


class Signoff(db.Model):
    """A supervisor's signature over a worker's hours for a period: who, when, the statement
    agreed to, and `rows_hash`, the sha256 of the canonical serialisation of the signed rows
    (one digest per row in `items`), so a changed row breaks the check."""

    __tablename__ = "signoff"

    id: Mapped[int] = mapped_column(primary_key=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    signed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    statement: Mapped[str] = mapped_column(Text)
    rows_hash: Mapped[str] = mapped_column(String(64))
    method: Mapped[SignoffMethod] = mapped_column(_enum(SignoffMethod, "signoff_method"))

    items: Mapped[list[SignoffItem]] = relationship(
        back_populates="signoff", cascade="all, delete-orphan", order_by="SignoffItem.id"
    )

    __table_args__ = (CheckConstraint("period_end >= period_start", name="period_in_order"),)


class SignoffItem(db.Model):
    """One signed row and its digest at signing. Supervision sessions are locked by being
    listed here (their table is not the certification feature's)."""

    __tablename__ = "signoff_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    signoff_id: Mapped[int] = mapped_column(ForeignKey("signoff.id", ondelete="CASCADE"))
    kind: Mapped[SignoffKind] = mapped_column(_enum(SignoffKind, "signoff_kind"))
    row_id: Mapped[int] = mapped_column(Integer)
    row_digest: Mapped[str] = mapped_column(String(64))

    signoff: Mapped[Signoff] = relationship(back_populates="items")

    __table_args__ = (
        UniqueConstraint("signoff_id", "kind", "row_id"),
        Index("ix_signoff_item_kind_row", "kind", "row_id"),
    )


class CredentialExam(db.Model):
    """An exam passed for a credential, recorded by an admin from the board's result."""

    __tablename__ = "credential_exam"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    credential_slug: Mapped[str] = mapped_column(String(60))
    passed_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(200))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Certification(db.Model):
    """A credential awarded (recorded by an admin). A renewal is a new row pointing at the one
    it renews; the renewal period runs from certified_on to expires_on."""

    __tablename__ = "certification"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    credential_slug: Mapped[str] = mapped_column(String(60))
    certified_on: Mapped[date] = mapped_column(Date)
    certificate_number: Mapped[str] = mapped_column(String(80))
    expires_on: Mapped[date] = mapped_column(Date, index=True)
    renews_id: Mapped[int | None] = mapped_column(ForeignKey("certification.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    revoked_note: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (CheckConstraint("expires_on > certified_on", name="expires_after"),)


class Portfolio(db.Model):
    """A portfolio as issued: `snapshot` is what it showed. `code` is stored plain (unique):
    the worker must be able to reprint it, and /verify reveals only name, credential, date and
    validity, so a reader of the table learns nothing from it that the table does not hold."""

    __tablename__ = "portfolio"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    credential_slug: Mapped[str] = mapped_column(String(60))
    code: Mapped[str] = mapped_column(String(43), unique=True)
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
