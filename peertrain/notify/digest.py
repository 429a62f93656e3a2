"""The daily digest: one email per person covering their notifications waiting for a digest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..formatting import date_time
from ..models import DigestSent, Notification, User
from . import _hold_transaction, absolute
from .events import path_for


@dataclass(frozen=True)
class Digest:
    user: User
    count: int


def _pending_counts(on: date) -> dict[int, int]:
    """Person -> notifications waiting, for people whose digest today has not gone yet."""
    sent_today = select(DigestSent.user_id).where(DigestSent.day == on)
    return dict(
        db.session.execute(
            select(Notification.user_id, func.count())
            .where(Notification.digest_pending.is_(True), Notification.user_id.not_in(sent_today))
            .group_by(Notification.user_id)
        ).all()
    )


def planned(on: date, extra: dict[int, int] | None = None) -> list[Digest]:
    """Who gets a digest today and of how many; `extra` adds reminders a dry run would make."""
    counts = _pending_counts(on)
    if extra:
        already = set(db.session.scalars(select(DigestSent.user_id).where(DigestSent.day == on)))
        for user_id, n in extra.items():
            if user_id not in already:
                counts[user_id] = counts.get(user_id, 0) + n
    users = db.session.scalars(select(User).where(User.id.in_(list(counts)))).all()
    return [Digest(u, counts[u.id]) for u in sorted(users, key=lambda u: u.id) if u.active]


def send_one(user: User, on: date) -> int:
    """Claim the person's day, then mail what waits and clear it, in one transaction. 0 when
    another run already claimed the day (the primary key decides) or nothing waits."""
    _hold_transaction()
    try:
        with db.session.begin_nested():
            db.session.add(DigestSent(user_id=user.id, day=on))
    except IntegrityError:
        return 0
    rows = list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id, Notification.digest_pending.is_(True))
            .order_by(Notification.created_at, Notification.id)
            .with_for_update()
        )
    )
    if not rows:
        db.session.rollback()  # nothing to say: leave the day unclaimed for a later run
        return 0
    from ..mail.outbox import enqueue

    enqueue(
        to=user.email,
        template="digest",
        context={
            "name": user.name,
            "items": [
                {"title": n.title, "link": absolute(n.link), "when": date_time(n.created_at)}
                for n in rows
            ],
            "list_link": absolute(path_for("notify.index")),
        },
        user_id=user.id,
        kind="digest",
    )
    db.session.execute(
        update(Notification)
        .where(Notification.id.in_([n.id for n in rows]))
        .values(digest_pending=False)
    )
    db.session.commit()
    return len(rows)
