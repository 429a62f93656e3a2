"""Demo notifications: the year's open events, then today's reminders, as the real code sends
them, so the trainee, the supervisor and the manager each find some waiting."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ..clock import today, utcnow
from ..extensions import db
from ..models import (
    Reflection,
    ReflectionStatus,
    SessionParticipant,
    SessionStatus,
    SupervisionSession,
    User,
)
from ..notify import events
from ..notify.run import send
from .people import DemoOrg

RECENT_DAYS = 30


def seed(org: DemoOrg) -> None:
    since = today() - timedelta(days=RECENT_DAYS)
    waiting = db.session.execute(
        select(SupervisionSession, User)
        .join(SessionParticipant, SessionParticipant.session_id == SupervisionSession.id)
        .join(User, User.id == SessionParticipant.supervisee_id)
        .where(
            SupervisionSession.status == SessionStatus.HELD,
            SupervisionSession.held_on >= since,
            SessionParticipant.acknowledged_at.is_(None),
        )
        .order_by(SupervisionSession.held_on, SupervisionSession.id)
    ).all()
    for sess, person in waiting:
        events.record_to_acknowledge(sess, person)
    submitted = db.session.scalars(
        select(Reflection).where(
            Reflection.status == ReflectionStatus.SUBMITTED,
            Reflection.submitted_at >= utcnow() - timedelta(days=RECENT_DAYS),
        )
    )
    for reflection in submitted:
        events.reflection_submitted(reflection)
    db.session.commit()
    send(today())  # due and overdue reminders, the findings digest, and the daily digests
