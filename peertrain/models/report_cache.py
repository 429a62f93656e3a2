"""Computed findings kept for a few minutes, shared by every app process."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class ReportCache(db.Model):
    """One computed answer: its key is a hash of everything that changes the answer (the
    manager's scope, the filters, the targets), so no manager is ever served another scope's
    figures. Holds nothing that is not in the records: deleting every row is always safe."""

    __tablename__ = "report_cache"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(DateTime)
    payload: Mapped[str] = mapped_column(Text)
