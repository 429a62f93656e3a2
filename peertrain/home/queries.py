"""Read-only lookups behind the home pages: the manager's teams and the supervisor's to-do list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, func, select

from .. import prepared
from ..authz import managed_team_ids, supervisee_ids_stmt
from ..clock import today
from ..extensions import db
from ..models import (
    ActionItem,
    Module,
    Reflection,
    ReflectionStatus,
    SessionParticipant,
    SessionStatus,
    SupervisionSession,
    Team,
    User,
    UserRole,
)
from ..rules.workers import at_work_sql, worker_role_join


def teams_in_scope(manager: User) -> list[tuple[Team, int]]:
    """Teams the manager sees, each with its number of peer workers today (the reports' rule,
    peertrain/rules/workers.py)."""
    scope = managed_team_ids(manager)
    workers = (
        select(User.team_id, func.count(User.id).label("n"))
        .join(UserRole, worker_role_join())
        .where(at_work_sql(today()))
        .group_by(User.team_id)
        .subquery()
    )
    stmt = (
        select(Team, func.coalesce(workers.c.n, 0))
        .outerjoin(workers, workers.c.team_id == Team.id)
        .order_by(Team.name)
    )
    if scope is not None:
        stmt = stmt.where(Team.id.in_(scope or {-1}))
    return [(team, n) for team, n in db.session.execute(stmt).all()]


# --- the supervisor's to-do list ---------------------------------------------------------

# "Due this week": the next seven days, today included.
DUE_SOON_DAYS = 7
# Reading a reflection is not recorded per reflection, so the home shows what was submitted
# lately rather than claiming to know what is unread.
RECENT_REFLECTION_DAYS = 14
# A home page is a to-do list, not an archive: the oldest few records awaiting acknowledgement
# and the earliest-due actions, with how many more there are (a supervisor with a long
# backlog got a page of 200 links that took longer to build than everything else on it).
HOME_LIST_LIMIT = 10


@dataclass(frozen=True)
class Awaiting:
    session_id: int
    held_on: date
    supervisee: str
    team: str | None


@dataclass(frozen=True)
class OpenAction:
    session_id: int
    description: str
    owner: str
    due_on: date | None
    late: bool


@dataclass(frozen=True)
class RecentReflection:
    supervisee_id: int
    supervisee: str
    team: str | None
    module: str
    submitted_on: date


@dataclass(frozen=True)
class SupervisorTodo:
    due: list  # SuperviseeRow, overdue first (peertrain/supervision/overview.py)
    fine: int  # current supervisees not due within the week
    awaiting: list[Awaiting]
    actions: list[OpenAction]
    reflections: list[RecentReflection]
    awaiting_total: int = 0  # of which `awaiting` shows the oldest HOME_LIST_LIMIT
    actions_total: int = 0


def supervisor_todo(supervisor_id: int, on: date | None = None) -> SupervisorTodo:
    """What a supervisor has to do, built on the one due-date rule (supervision/due.py)."""
    from ..supervision.overview import supervisee_overview

    on = on or today()
    rows = supervisee_overview(supervisor_id, on)
    soon = on + timedelta(days=DUE_SOON_DAYS - 1)
    due = [r for r in rows if r.due <= soon]
    awaiting, awaiting_total = _awaiting(supervisor_id, on)
    actions, actions_total = _open_actions(supervisor_id, on)
    return SupervisorTodo(
        due=due,
        fine=len(rows) - len(due),
        awaiting=awaiting,
        actions=actions,
        reflections=_recent_reflections(supervisor_id, on),
        awaiting_total=awaiting_total,
        actions_total=actions_total,
    )


def _first_and_total(stmt, params: dict) -> tuple[list, int]:
    """The first HOME_LIST_LIMIT rows and how many there are in all, in one statement (built
    with the total and the limit: see _awaiting_statement)."""
    rows = prepared.rows(stmt, params).all()
    return [row[:-1] for row in rows], rows[0][-1] if rows else 0


def _first_with_total(stmt):
    return stmt.add_columns(func.count().over()).limit(HOME_LIST_LIMIT)


# Built once per process with bind parameters (peertrain/prepared.py): the home page is read
# all day, and building these joins cost as much as running them.


@prepared.statement
def _awaiting_statement():
    """Held sessions supervisor :sup recorded that a current supervisee (on :on) has not yet
    acknowledged, oldest first."""
    sup = bindparam("sup")
    return _first_with_total(
        select(SupervisionSession.id, SupervisionSession.held_on, User.name, Team.name)
        .join(SessionParticipant, SessionParticipant.session_id == SupervisionSession.id)
        .join(User, User.id == SessionParticipant.supervisee_id)
        .outerjoin(Team, Team.id == User.team_id)
        .where(
            SupervisionSession.supervisor_id == sup,
            SupervisionSession.status == SessionStatus.HELD,
            SessionParticipant.acknowledged_at.is_(None),
            SessionParticipant.supervisee_id.in_(supervisee_ids_stmt(sup, bindparam("on"))),
        )
        .order_by(SupervisionSession.held_on, User.name, SupervisionSession.id)
    )


def _awaiting(supervisor_id: int, on: date) -> tuple[list[Awaiting], int]:
    rows, total = _first_and_total(_awaiting_statement(), {"sup": supervisor_id, "on": on})
    return [Awaiting(*row) for row in rows], total


@prepared.statement
def _open_actions_statement():
    """Open action items from supervisor :sup's sessions, whoever owns them: earliest due
    first."""
    return _first_with_total(
        select(ActionItem.session_id, ActionItem.description, User.name, ActionItem.due_on)
        .join(SupervisionSession, SupervisionSession.id == ActionItem.session_id)
        .join(User, User.id == ActionItem.owner_id)
        .where(SupervisionSession.supervisor_id == bindparam("sup"), ActionItem.done_at.is_(None))
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)
    )


def _open_actions(supervisor_id: int, on: date) -> tuple[list[OpenAction], int]:
    rows, total = _first_and_total(_open_actions_statement(), {"sup": supervisor_id})
    return [
        OpenAction(sid, text, owner, due_on, due_on is not None and due_on < on)
        for sid, text, owner, due_on in rows
    ], total


@prepared.statement
def _recent_reflections_statement():
    """Reflections supervisor :sup's current supervisees (on :on) submitted since :since."""
    return (
        select(User.id, User.name, Team.name, Module.title, Reflection.submitted_at)
        .join(User, User.id == Reflection.user_id)
        .outerjoin(Team, Team.id == User.team_id)
        .join(Module, Module.id == Reflection.module_id)
        .where(
            Reflection.status == ReflectionStatus.SUBMITTED,
            Reflection.submitted_at >= bindparam("since"),
            Reflection.user_id.in_(supervisee_ids_stmt(bindparam("sup"), bindparam("on"))),
        )
        .order_by(Reflection.submitted_at.desc(), Reflection.id.desc())
    )


def _recent_reflections(supervisor_id: int, on: date) -> list[RecentReflection]:
    """Reflections current supervisees submitted in the last RECENT_REFLECTION_DAYS days."""
    since = datetime.combine(on - timedelta(days=RECENT_REFLECTION_DAYS), datetime.min.time())
    rows = prepared.rows(
        _recent_reflections_statement(), {"sup": supervisor_id, "on": on, "since": since}
    )
    return [
        RecentReflection(uid, name, team, title, at.date()) for uid, name, team, title, at in rows
    ]
