"""In-app notifications, each person's delivery preference per kind, and daily digests sent."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db


class Notification(db.Model):
    """Something waiting for one person. The title says what and when, never note text; the
    link is a path inside PeerTrain. dedupe_key, unique per person, makes reminders idempotent."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(300))
    link: Mapped[str] = mapped_column(String(500))
    dedupe_key: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Waiting for the daily digest email: set when the person's preference for the kind was
    # "digest" as it was created, cleared by the digest that covers it.
    digest_pending: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        UniqueConstraint("user_id", "dedupe_key", name="uq_notification_user_dedupe"),
        # The header's unread count and the list page: one person's rows, newest first.
        Index("ix_notification_user_read", "user_id", "read_at"),
        Index("ix_notification_user_created", "user_id", "created_at"),
        Index("ix_notification_digest_pending", "digest_pending", "user_id"),
    )


class Preference(db.Model):
    """How one person wants one kind delivered; no row means the kind's default."""

    __tablename__ = "notification_preference"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(60), primary_key=True)
    delivery: Mapped[str] = mapped_column(String(10))  # email / digest / in_app

    __table_args__ = (
        CheckConstraint("delivery IN ('email', 'digest', 'in_app')", name="delivery_known"),
    )


class DigestSent(db.Model):
    """One row per person and day a daily digest went out: the unique key claims the day, so
    two hosts running the reminders at once send one digest between them."""

    __tablename__ = "notification_digest"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
