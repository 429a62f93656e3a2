"""Notifications: `notify` (in-app row plus mail by preference), the list page and preferences."""

from __future__ import annotations

from flask import Blueprint, current_app
from sqlalchemy import exists, false, select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Notification, Preference, User
from . import kinds

bp = Blueprint("notify", __name__, url_prefix="/notifications")


def delivery_for(user_id: int, kind: str) -> str:
    """email / digest / in_app: the person's choice, else the kind's default; security kinds
    are always email whatever a stale row might say."""
    entry = kinds.get(kind)
    if entry.security:
        return kinds.EMAIL
    chosen = db.session.scalar(
        select(Preference.delivery).where(Preference.user_id == user_id, Preference.kind == kind)
    )
    return chosen or entry.default


def already_sent(user_id: int, dedupe_key: str) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    Notification.user_id == user_id, Notification.dedupe_key == dedupe_key
                )
            )
        )
    )


def absolute(link: str) -> str:
    return current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/") + link


def _hold_transaction() -> None:
    """On SQLite the driver opens a transaction only before a data change, and a SAVEPOINT
    outside one is a transaction of its own that RELEASE commits: the notification would be
    committed behind the caller's back, surviving their rollback. A change to no row opens
    the caller's transaction first, so the savepoint nests inside it as on PostgreSQL."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(update(Notification).where(false()).values(read_at=None))


def _check_link(link: str) -> None:
    # The list page redirects to it: only paths inside PeerTrain, never another site.
    if not link.startswith("/") or link.startswith("//") or "\\" in link:
        raise ValueError(f"a notification links to a path inside PeerTrain, not {link!r}")


def notify(
    user: User, kind: str, *, title: str, link: str, dedupe_key: str | None = None
) -> Notification | None:
    """Add an in-app notification to the current transaction (no commit), with an outbox mail
    when the person's preference for the kind is email now. The title and link must carry only
    names, counts and dates: never note, reflection, flag or rating text.

    A second notify with the same dedupe_key for the same person returns None; the unique
    constraint decides, so two hosts racing get one row between them."""
    return deliver(user, kind, title=title, link=link, dedupe_key=dedupe_key)


def deliver(
    user: User,
    kind: str,
    *,
    title: str,
    link: str,
    dedupe_key: str | None = None,
    template: str = "notification",
    context: dict | None = None,
) -> Notification | None:
    """notify, with a mail template of the kind's own (the weekly findings digest's table)."""
    entry = kinds.get(kind)
    _check_link(link)
    if not user.active and not entry.security:
        return None
    if dedupe_key is not None and already_sent(user.id, dedupe_key):
        return None
    delivery = delivery_for(user.id, kind)
    row = Notification(
        user_id=user.id,
        kind=kind,
        title=title[:300],
        link=link,
        dedupe_key=dedupe_key,
        digest_pending=delivery == kinds.DIGEST,
    )
    _hold_transaction()
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return None  # another run inserted the same key between our check and our insert
    if delivery == kinds.EMAIL:
        from ..mail.outbox import enqueue

        enqueue(
            to=user.email,
            template=template,
            context={"name": user.name, "title": row.title, "link": absolute(link)}
            | (context or {}),
            user_id=user.id,
            kind=kind,
        )
    return row


@bp.app_context_processor
def _header_count():
    from flask_login import current_user

    from .queries import cached_unread_count

    def unread_notifications() -> int:
        # Called by base.html only for a signed-in person, so anonymous pages ask nothing.
        return cached_unread_count(db.session, current_user.id)

    return {"unread_notifications": unread_notifications}


from . import views  # noqa: E402,F401
