"""Reads for the "My data" pages: a person's export requests."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import ExportRequest


def my_export_requests(db_session: Session, user_id: int, limit: int = 20) -> list[ExportRequest]:
    stmt = (
        select(ExportRequest)
        .where(ExportRequest.user_id == user_id)
        .order_by(ExportRequest.requested_at.desc(), ExportRequest.id.desc())
        .limit(limit)
    )
    return list(db_session.scalars(stmt))
