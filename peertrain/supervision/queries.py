"""Read-only supervision lookups that other features (readiness, reports) rely on."""

from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from ..models import SessionParticipant, SessionStatus, SupervisionSession


def supervised_minutes(user_id: int) -> int:
    """Minutes of held supervision sessions the worker took part in, all time."""
    return int(
        db.session.scalar(
            select(func.coalesce(func.sum(SupervisionSession.minutes), 0))
            .join(SessionParticipant, SessionParticipant.session_id == SupervisionSession.id)
            .where(
                SessionParticipant.supervisee_id == user_id,
                SupervisionSession.status == SessionStatus.HELD,
            )
        )
        or 0
    )


def supervised_hours(user_id: int) -> float:
    return round(supervised_minutes(user_id) / 60, 1)
