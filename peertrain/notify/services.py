"""Writes for notifications: opening one, marking all read, and saving preferences."""

from __future__ import annotations

from sqlalchemy import update

from .. import audit
from ..clock import utcnow
from ..extensions import db
from ..models import Notification, Preference
from . import kinds
from .queries import forget_unread_count


def open_notification(row: Notification) -> None:
    if row.read_at is None:
        row.read_at = utcnow()
        db.session.commit()
        forget_unread_count(row.user_id)


def mark_all_read(user_id: int) -> int:
    done = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    ).rowcount
    db.session.commit()
    forget_unread_count(user_id)
    return done


def save_preferences(user_id: int, chosen: dict[str, str]) -> None:
    """chosen: kind -> delivery for choosable kinds; a choice equal to the default is stored
    too, so a later change of default does not silently change what the person picked."""
    allowed = {k.kind for k in kinds.choosable()}
    for kind, delivery in chosen.items():
        if kind not in allowed or delivery not in kinds.DELIVERIES:
            raise ValueError(f"{kind}={delivery}")
        row = db.session.get(Preference, (user_id, kind))
        if row is None:
            db.session.add(Preference(user_id=user_id, kind=kind, delivery=delivery))
        else:
            row.delivery = delivery
    audit.log("notification_preferences", "user", user_id)
    db.session.commit()
