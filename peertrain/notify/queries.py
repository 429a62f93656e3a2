"""Reads for notifications: one person's list and the header's unread count (once per request)."""

from __future__ import annotations

from flask import g
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Notification, Preference

PAGE_SIZE = 50


def unread_count(session: Session, user_id: int) -> int:
    return session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )


def cached_unread_count(session: Session, user_id: int) -> int:
    """The header asks on every page: one cheap count per request, however often it is shown."""
    key = ("unread", user_id)
    cache = g.setdefault("_notify_cache", {})
    if key not in cache:
        cache[key] = unread_count(session, user_id)
    return cache[key]


def page_of(session: Session, user_id: int, page: int) -> tuple[list[Notification], bool]:
    """Newest first; the second value says whether an older page exists."""
    rows = list(
        session.scalars(
            select(Notification)
            .where(Notification.user_id == user_id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE + 1)
        )
    )
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def preferences_of(session: Session, user_id: int) -> dict[str, str]:
    return dict(
        session.execute(
            select(Preference.kind, Preference.delivery).where(Preference.user_id == user_id)
        ).all()
    )
