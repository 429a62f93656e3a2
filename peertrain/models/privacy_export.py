"""A person's request for a copy of their data, and where its archive is in its short life."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from .people import User, _enum


class ExportStatus(enum.StrEnum):
    REQUESTED = "requested"  # waiting for `flask exports build`
    BUILDING = "building"  # claimed by one builder
    READY = "ready"  # the archive is on disk, for the person to download once
    DOWNLOADED = "downloaded"  # downloaded; the archive is deleted
    EXPIRED = "expired"  # not downloaded in time; the archive is deleted
    FAILED = "failed"  # the build raised; nothing on disk, the person may ask again

    @property
    def label(self) -> str:
        return {
            "requested": "Waiting to be built",
            "building": "Being built",
            "ready": "Ready to download",
            "downloaded": "Downloaded",
            "expired": "Expired",
            "failed": "Could not be built",
        }[self.value]


OPEN_STATUSES = (ExportStatus.REQUESTED, ExportStatus.BUILDING, ExportStatus.READY)


class ExportRequest(db.Model):
    """One "My data" export. The archive's file name is random, so it cannot be guessed, and
    lives outside the web root (EXPORT_DIR); the row outlives the file as the history."""

    __tablename__ = "export_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    status: Mapped[ExportStatus] = mapped_column(
        _enum(ExportStatus, "export_status"), default=ExportStatus.REQUESTED
    )
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    ready_at: Mapped[datetime | None] = mapped_column(DateTime)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)  # downloaded/expired/failed
    file_name: Mapped[str | None] = mapped_column(String(80))
    size_bytes: Mapped[int | None] = mapped_column(Integer)

    user: Mapped[User] = relationship()

    __table_args__ = (
        Index("ix_export_request_user", "user_id", "requested_at"),
        Index("ix_export_request_status", "status"),
    )
