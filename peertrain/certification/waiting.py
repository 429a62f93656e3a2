"""What waits on a supervisor: per current supervisee, weeks to confirm, training to verify
and rows ready to sign (for the supervisor's home page and the reminders)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..authz import current_assignment_clause
from ..clock import today
from ..extensions import db
from ..models import SignoffKind, SupervisionAssignment, User
from .services_signoff import batches


@dataclass(frozen=True)
class Waiting:
    worker: User
    to_confirm: int
    to_verify: int
    to_sign: int
    first: date | None  # the earliest row ready to sign
    until: date
    entered_ready: int = 0  # of to_sign, the worker's own entries (not supervision sessions)

    @property
    def total(self) -> int:
        return self.to_confirm + self.to_verify + self.to_sign


def waiting_for(
    supervisor_id: int, on: date | None = None, workers: list[User] | None = None
) -> list[Waiting]:
    """Only supervisees with something waiting, in name order (a fixed number of queries
    however many supervisees: the sign-off's own batches, all at once). `workers`: today's
    current supervisees when the caller has already loaded them (the supervisor's home)."""
    on = on or today()
    if workers is None:
        workers = db.session.scalars(
            select(User)
            .join(SupervisionAssignment, SupervisionAssignment.supervisee_id == User.id)
            .where(
                SupervisionAssignment.supervisor_id == supervisor_id,
                current_assignment_clause(on),
            )
            .order_by(User.name)
        ).all()
    every = batches(supervisor_id, {w.id for w in workers}, date.min, on) if workers else {}
    out = []
    for worker in workers:
        b = every[worker.id]
        item = Waiting(
            worker,
            b.unconfirmed_weeks,
            b.unverified_training,
            len(b.rows),
            min((r.on for r in b.rows), default=None),
            on,
            sum(1 for r in b.rows if r.kind is not SignoffKind.SUPERVISION_SESSION),
        )
        if item.total:
            out.append(item)
    return out
