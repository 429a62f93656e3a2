"""Reminders for self-assessment plan actions, sent by `flask reminders send` with the other
action reminders: to the owner, 7 days before the due date and once it has passed, each
once per action and due date (the dedupe key), through notify and the person's preference."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from ..extensions import db
from ..formatting import short_date
from ..models import ActionStatus, PlanAction, SelfAssessment, Team, User
from ..notify import kinds
from ..notify.events import path_for
from ..notify.reminders import Reminder

NOTICE_DAYS = 7  # an organisational action takes longer to bring about than a session's
ACTION_PLAN_DUE = kinds.register("action_plan_due", "A self-assessment action due or overdue")


def plan_action_reminders(on: date) -> list[Reminder]:
    """Actions not done, due within NOTICE_DAYS or past due, to their (active) owner. The
    title carries the unit and date only, never the action's own words."""
    rows = db.session.execute(
        select(PlanAction.id, PlanAction.due_on, PlanAction.assessment_id, SelfAssessment.year,
               Team.name, User)
        .join(SelfAssessment, SelfAssessment.id == PlanAction.assessment_id)
        .outerjoin(Team, Team.id == SelfAssessment.team_id)
        .join(User, User.id == PlanAction.owner_id)
        .where(PlanAction.status != ActionStatus.DONE,
               PlanAction.due_on <= on + timedelta(days=NOTICE_DAYS), User.active.is_(True))
        .order_by(PlanAction.due_on, PlanAction.id)
    ).all()  # fmt: skip
    out = []
    for action_id, due, assessment_id, year, team, owner in rows:
        unit = f"{team or 'the whole organisation'}'s {year} self-assessment"
        link = path_for("integration.assessment", assessment_id=assessment_id, _anchor="plan")
        late = due < on
        title = (f"An action from {unit} was due on {short_date(due)}" if late
                 else f"An action from {unit} is due on {short_date(due)}")  # fmt: skip
        key = f"action_plan_{'overdue' if late else 'due'}:{action_id}:{due.isoformat()}"
        out.append(Reminder(owner, ACTION_PLAN_DUE.kind, title, link, key))
    return out
