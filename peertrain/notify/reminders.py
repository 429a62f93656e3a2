"""Due and overdue reminders for one day: what is owed to whom, each with its dedupe key.

A key names the person's subject and its period (an action and its due date, a supervisee
and their due date, a training plan and its due date, a manager's ISO week), so running the
reminders again that day, the next day or on another host finds the key taken and sends
nothing twice.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from ..extensions import db
from ..formatting import short_date
from ..models import ActionItem, Role, SupervisionAssignment, SupervisionSession, User, UserRole
from ..rules.workers import TRAINING_ROLES
from . import already_sent, kinds
from .events import path_for

ACTION_NOTICE_DAYS = 3
MODULE_NOTICE_DAYS = 14
SUPERVISION_NOTICE_DAYS = 3


@dataclass(frozen=True)
class Reminder:
    user: User
    kind: str
    title: str
    link: str
    dedupe_key: str
    template: str = "notification"
    context: dict | None = None


def action_reminders(on: date) -> list[Reminder]:
    """Open action items due today or within 3 days, and those past due, to their owner."""
    rows = db.session.execute(
        select(
            ActionItem.id,
            ActionItem.due_on,
            SupervisionSession.id,
            SupervisionSession.held_on,
            User,
        )
        .join(SupervisionSession, SupervisionSession.id == ActionItem.session_id)
        .join(User, User.id == ActionItem.owner_id)
        .where(
            ActionItem.done_at.is_(None),
            ActionItem.due_on.is_not(None),
            ActionItem.due_on <= on + timedelta(days=ACTION_NOTICE_DAYS),
            User.active.is_(True),
        )
        .order_by(ActionItem.due_on, ActionItem.id)
    ).all()
    out = []
    for action_id, due, session_id, held_on, owner in rows:
        link = path_for("supervision.session", session_id=session_id)
        session = f"your supervision of {short_date(held_on)}"
        if due < on:
            out.append(
                Reminder(
                    owner,
                    kinds.ACTION_OVERDUE.kind,
                    f"An action item from {session} was due on {short_date(due)}",
                    link,
                    f"action_overdue:{action_id}:{due.isoformat()}",
                )
            )
        else:  # due today or within the notice: one "due" reminder per due date
            out.append(
                Reminder(
                    owner,
                    kinds.ACTION_DUE.kind,
                    f"An action item from {session} is due on {short_date(due)}",
                    link,
                    f"action_due:{action_id}:{due.isoformat()}",
                )
            )
    return out


def _learners() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.active.is_(True),
                User.start_date.is_not(None),
                User.id.in_(
                    select(UserRole.user_id).where(UserRole.role.in_(list(TRAINING_ROLES)))
                ),
            )
            .order_by(User.id)
        )
    )


def _count(rows) -> str:
    return f"{len(rows)} required training module{'s' if len(rows) != 1 else ''}"


def module_reminders(on: date) -> list[Reminder]:
    """Required pathway modules not yet completed, 14 days before their due date and once it
    has passed: one reminder per person and (latest) due date, counting every module then due."""
    from ..modules import plan, queries

    people = _learners()
    if not people:
        return []
    catalogue = dataclasses.replace(plan.load_catalogue(), on=on)
    progress = queries.progress_by_person([u.id for u in people])
    link = path_for("training.index")
    out = []
    for person in people:
        mine = plan.plan_from(person, catalogue, progress.get(person.id, {}))
        rows = [r for p in mine.pathways for r in p.rows if not r.optional and r.due]
        left = [r for r in rows if not r.done]
        if not left:
            continue
        # Due dates are staggered in pathway order (plan.module_due): remind about the
        # modules already past due, else those falling due within the notice window.
        late = [r for r in left if on > r.due]
        soon = [r for r in left if (r.due - on).days <= MODULE_NOTICE_DAYS]
        if late:
            due = max(r.due for r in late)
            word = "on" if len({r.due for r in late}) == 1 else "by"
            out.append(
                Reminder(
                    person,
                    kinds.MODULES_OVERDUE.kind,
                    f"{_count(late)} {'were' if len(late) != 1 else 'was'} due {word} "
                    f"{short_date(due)}",
                    link,
                    f"modules_overdue:{due.isoformat()}",
                )
            )
        elif soon:
            due = max(r.due for r in soon)
            out.append(
                Reminder(
                    person,
                    kinds.MODULES_DUE.kind,
                    f"{_count(soon)} {'are' if len(soon) != 1 else 'is'} due by {short_date(due)}",
                    link,
                    f"modules_due:{due.isoformat()}",
                )
            )
    return out


def supervision_reminders(on: date) -> list[Reminder]:
    """Supervision due within 3 days or overdue by the existing rule (supervision/due.py via
    the supervisor's overview), to the supervisor (per supervisee) and to the supervisee."""
    from ..authz import current_assignment_clause
    from ..supervision.overview import supervisee_overview

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
    people = {}
    out = []
    for supervisor in supervisors:
        if not supervisor.has_role(Role.SUPERVISOR):
            continue
        for row in supervisee_overview(supervisor.id, on):
            left = (row.due - on).days
            if row.overdue:
                kind, word = kinds.SUPERVISION_OVERDUE.kind, "overdue"
                said = f"was due on {short_date(row.due)}"
            elif left <= SUPERVISION_NOTICE_DAYS:
                kind, word = kinds.SUPERVISION_DUE.kind, "due"
                said = f"is due by {short_date(row.due)}"
            else:
                continue
            person = people.get(row.id) or db.session.get(User, row.id)
            people[row.id] = person
            out.append(
                Reminder(
                    supervisor,
                    kind,
                    f"Supervision for {row.name} {said}",
                    path_for("supervision.index"),
                    f"supervision_{word}:{row.id}:{row.due.isoformat()}",
                )
            )
            out.append(
                Reminder(
                    person,
                    kind,
                    f"Your supervision {said}",
                    path_for("supervision.mine"),
                    f"supervision_{word}:{row.due.isoformat()}",
                )
            )
    return out


def due_reminders(on: date) -> list[Reminder]:
    """Every reminder owed today (already sent ones too, but for this week's findings)."""
    from ..certification.reminders import hours_reminders
    from ..integration.selfassessment_reminders import plan_action_reminders
    from .findings import findings_digests

    return [
        *action_reminders(on),
        *plan_action_reminders(on),
        *module_reminders(on),
        *supervision_reminders(on),
        *hours_reminders(on),
        *findings_digests(on),
    ]


def pending(on: date) -> list[Reminder]:
    """Those not sent yet, each once (a supervisee of two supervisors is one reminder)."""
    seen, out = set(), []
    for r in due_reminders(on):
        key = (r.user.id, r.dedupe_key)
        if key in seen or already_sent(r.user.id, r.dedupe_key):
            continue
        seen.add(key)
        out.append(r)
    return out
