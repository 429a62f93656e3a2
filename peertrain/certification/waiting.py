"""What waits on a supervisor: per current supervisee, weeks to confirm, training to verify
and rows ready to sign (for the supervisor's home page and the reminders)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..authz import current_assignment_clause
from ..clock import today
from ..extensions import db
from ..models import SupervisionAssignment, User
from .batches import tallies


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
    """Only supervisees with something waiting, in name order: three statements however many
    supervisees (the sign-off's own rule, counted in SQL by batches.tallies). `workers`: today's
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
    every = tallies(supervisor_id, {w.id for w in workers}, date.min, on) if workers else {}
    out = []
    for worker in workers:
        t = every[worker.id]
        item = Waiting(worker, t.to_confirm, t.to_verify, t.to_sign, t.first, on, t.entered_ready)
        if item.total:
            out.append(item)
    return out
