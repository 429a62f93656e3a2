"""Reads for notifications: one person's list and the header's unread count (once per request)."""

from __future__ import annotations

from flask import has_request_context, request
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


def unread_count_of(user_id_column):
    """The unread count as a column, so the login's own query can bring it along."""
    return (
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id_column, Notification.read_at.is_(None))
        .scalar_subquery()
    )


def _key(user_id: int) -> str:
    # Kept in the request's environ, which lives exactly as long as the request (`g` belongs to
    # the app context, which an outer context, a test's or a CLI's, can stretch over many).
    return f"peertrain.notify.unread.{user_id}"


def prime_unread_count(user_id: int, count: int) -> None:
    if has_request_context():
        request.environ[_key(user_id)] = count


def forget_unread_count(user_id: int) -> None:
    """After marking notifications read, so a page rendered by the same request counts again."""
    if has_request_context():
        request.environ.pop(_key(user_id), None)


def cached_unread_count(session: Session, user_id: int) -> int:
    """The header asks on every page: one cheap count per request, however often it is shown."""
    key = _key(user_id)
    if key not in request.environ:
        request.environ[key] = unread_count(session, user_id)
    return request.environ[key]


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
