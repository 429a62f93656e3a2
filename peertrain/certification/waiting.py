"""What waits on a supervisor: per current supervisee, weeks to confirm, training to verify
and rows ready to sign (for the supervisor's home page and the reminders)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ..authz import current_assignment_clause
from ..clock import today
from ..extensions import db
from ..models import SignoffKind, SupervisionAssignment, TrainingRecord, User, WorkLog
from .services_signoff import batch


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


def _open(model, done_column, worker_id: int) -> int:
    """Current, unsigned entries nobody has decided on yet (a returned one waits on the worker)."""
    corrected = select(model.corrects_id).where(model.corrects_id.is_not(None))
    return db.session.scalar(
        select(func.count(model.id)).where(
            model.worker_id == worker_id,
            model.id.not_in(corrected),
            model.signoff_id.is_(None),
            done_column.is_(None),
            model.returned_at.is_(None),
        )
    )


def waiting_for(supervisor_id: int, on: date | None = None) -> list[Waiting]:
    """Only supervisees with something waiting, in name order."""
    on = on or today()
    rows = db.session.execute(
        select(User)
        .join(SupervisionAssignment, SupervisionAssignment.supervisee_id == User.id)
        .where(SupervisionAssignment.supervisor_id == supervisor_id, current_assignment_clause(on))
        .order_by(User.name)
    ).scalars().all()
    out = []
    for worker in rows:
        ready = batch(supervisor_id, worker.id, date.min, on).rows
        first = min((r.on for r in ready), default=None)
        item = Waiting(
            worker,
            _open(WorkLog, WorkLog.confirmed_at, worker.id),
            _open(TrainingRecord, TrainingRecord.verified_at, worker.id),
            len(ready),
            first,
            on,
            sum(1 for r in ready if r.kind is not SignoffKind.SUPERVISION_SESSION),
        )
        if item.total:
            out.append(item)
    return out
