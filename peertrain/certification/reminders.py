"""Reminders of hours waiting on a supervisor (issue 15): once an ISO week per supervisee, while
weeks wait to be confirmed, training to be verified or rows to be signed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..authz import current_assignment_clause
from ..extensions import db
from ..models import Role, SupervisionAssignment, User
from ..notify import kinds
from ..notify.events import path_for
from ..notify.reminders import Reminder
from .waiting import waiting_for

HOURS_WAITING = kinds.register(
    "hours_waiting",
    "Hours from your supervisees waiting for your confirmation or signature",
    default=kinds.DIGEST,
)


def _said(w) -> str:
    parts = [
        (w.to_confirm, "week", "to confirm"),
        (w.to_verify, "training record", "to verify"),
        (w.to_sign, "row", "ready to sign"),
    ]
    return ", ".join(f"{n} {what}{'s' if n != 1 else ''} {verb}" for n, what, verb in parts if n)


def hours_reminders(on: date) -> list[Reminder]:
    """The title holds counts and the supervisee's name only, never an entry's note. Held
    sessions alone do not remind: the reminder is about hours a worker entered and waits on."""
    supervisors = db.session.scalars(
        select(User)
        .where(
            User.active.is_(True),
            User.id.in_(
                select(SupervisionAssignment.supervisor_id).where(current_assignment_clause(on))
            ),
        )
        .order_by(User.id)
    ).all()
    year, week, _ = on.isocalendar()
    out = []
    for supervisor in supervisors:
        if not supervisor.has_role(Role.SUPERVISOR):
            continue
        for w in waiting_for(supervisor.id, on):
            if not (w.to_confirm or w.to_verify or w.entered_ready):
                continue
            out.append(
                Reminder(
                    supervisor,
                    HOURS_WAITING.kind,
                    f"Hours waiting for you from {w.worker.name}: {_said(w)}",
                    path_for(
                        "certification.signoffs"
                        if w.to_sign
                        else "certification.work_log"
                        if w.to_confirm
                        else "certification.training_records",
                        worker_id=w.worker.id,
                    ),
                    f"hours_waiting:{w.worker.id}:{year}-W{week:02d}",
                )
            )
    return out
