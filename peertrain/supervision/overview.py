"""The supervisor's overview: each current supervisee's last session, due date and figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, case, func, select

from .. import prepared
from ..authz import current_assignment_clause, supervisee_ids_stmt
from ..clock import today
from ..models import (
    ActionItem,
    CertificationStage,
    SessionParticipant,
    SessionStatus,
    SupervisionAssignment,
    SupervisionSession,
    Team,
    User,
)
from .due import Intervals, days_overdue, next_due


def intervals() -> Intervals:
    return Intervals.load()


# --- the supervisor's overview ---------------------------------------------------------


@dataclass(frozen=True)
class SuperviseeRow:
    id: int
    name: str
    team_name: str | None
    stage: CertificationStage
    start_date: date | None
    assigned_since: date
    last_held: date | None
    due: date
    days_overdue: int
    open_actions: int
    late_actions: int
    minutes: int

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


@prepared.statement
def _overview_statement():
    """Every figure of the overview for supervisor :sup on day :on, built once."""
    sup, on = bindparam("sup"), bindparam("on")
    ids = supervisee_ids_stmt(sup, on)
    since = (
        select(
            SupervisionAssignment.supervisee_id.label("uid"),
            func.min(SupervisionAssignment.start_date).label("since"),
        )
        .where(SupervisionAssignment.supervisor_id == sup, current_assignment_clause(on))
        .group_by(SupervisionAssignment.supervisee_id)
        .subquery()
    )
    # Sessions with any supervisor count: a worker who changed supervisor was still supervised.
    held = (
        select(
            SessionParticipant.supervisee_id.label("uid"),
            func.max(SupervisionSession.held_on).label("last_held"),
            func.sum(SupervisionSession.minutes).label("minutes"),
        )
        .join(SupervisionSession, SupervisionSession.id == SessionParticipant.session_id)
        .where(
            SupervisionSession.status == SessionStatus.HELD,
            SessionParticipant.supervisee_id.in_(ids),
        )
        .group_by(SessionParticipant.supervisee_id)
        .subquery()
    )
    acts = (
        select(
            ActionItem.owner_id.label("uid"),
            func.count().label("open"),
            func.sum(case((ActionItem.due_on < on, 1), else_=0)).label("late"),
        )
        .where(ActionItem.done_at.is_(None), ActionItem.owner_id.in_(ids))
        .group_by(ActionItem.owner_id)
        .subquery()
    )
    return (
        select(
            User.id,
            User.name,
            Team.name,
            User.certification_stage,
            User.start_date,
            since.c.since,
            held.c.last_held,
            held.c.minutes,
            acts.c.open,
            acts.c.late,
        )
        .join(since, since.c.uid == User.id)
        .outerjoin(Team, Team.id == User.team_id)
        .outerjoin(held, held.c.uid == User.id)
        .outerjoin(acts, acts.c.uid == User.id)
        .where(User.active.is_(True))
    )


def supervisee_overview(supervisor_id: int, on: date | None = None) -> list[SuperviseeRow]:
    """Every current supervisee with their figures, in one statement whatever their number;
    overdue people first, most overdue at the top."""
    on = on or today()
    stmt = _overview_statement()
    gaps = intervals()
    rows = []
    for (
        uid,
        name,
        team,
        stage,
        start,
        assigned,
        last,
        minutes,
        n_open,
        n_late,
    ) in prepared.rows(stmt, {"sup": supervisor_id, "on": on}):
        due = next_due(
            last_held=last,
            assigned_since=assigned,
            stage=stage,
            start_date=start,
            on=on,
            intervals=gaps,
        )
        rows.append(
            SuperviseeRow(
                id=uid,
                name=name,
                team_name=team,
                stage=CertificationStage(stage),
                start_date=start,
                assigned_since=assigned,
                last_held=last,
                due=due,
                days_overdue=days_overdue(due, on),
                open_actions=int(n_open or 0),
                late_actions=int(n_late or 0),
                minutes=int(minutes or 0),
            )
        )
    rows.sort(key=lambda r: (-r.days_overdue, r.due, r.name))
    return rows
