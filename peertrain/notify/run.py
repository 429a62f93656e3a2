"""`flask reminders send`: today's reminders, then the daily digests, each row on its own."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..extensions import db
from . import deliver, delivery_for, digest, kinds
from .reminders import Reminder, pending


@dataclass
class Outcome:
    reminders: list[Reminder] = field(default_factory=list)
    digests: list[digest.Digest] = field(default_factory=list)

    def lines(self, verb: str) -> list[str]:
        out = [
            f"{verb} {r.kind} to {r.user.email} [{r.dedupe_key}]: {r.title}" for r in self.reminders
        ]
        out += [
            f"{verb} digest to {d.user.email} [digest:{d.user.id}]: "
            f"{d.count} notification{'s' if d.count != 1 else ''}"
            for d in self.digests
        ]
        return out


def dry_run(on: date) -> Outcome:
    """What a real run now would send; writes nothing."""
    reminders = pending(on)
    extra: dict[int, int] = {}
    for r in reminders:
        if delivery_for(r.user.id, r.kind) == kinds.DIGEST:
            extra[r.user.id] = extra.get(r.user.id, 0) + 1
    result = Outcome(reminders, digest.planned(on, extra))
    db.session.rollback()
    return result


def send(on: date, planned: list[Reminder] | None = None) -> Outcome:
    """Each reminder (its notification and any mail) commits on its own: one that another host
    sent first is skipped by its key, and the rest still go. `planned` is what pending(on)
    returned, if already asked."""
    result = Outcome()
    for r in pending(on) if planned is None else planned:
        row = deliver(
            r.user,
            r.kind,
            title=r.title,
            link=r.link,
            dedupe_key=r.dedupe_key,
            template=r.template,
            context=r.context,
        )
        db.session.commit()
        if row is not None:
            result.reminders.append(r)
    for d in digest.planned(on):
        count = digest.send_one(d.user, on)
        if count:
            result.digests.append(digest.Digest(d.user, count))
    return result
