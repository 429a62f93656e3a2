"""Resourcing figures: supervisor load against the ratio, and cancelled supervision by reason."""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from ...authz import current_assignment_clause
from ...models import (
    Attendance,
    CancelReason,
    Role,
    SessionStatus,
    SupervisionAssignment,
    Team,
    User,
    UserRole,
)
from ...rules.workers import at_work_sql, worker_role_join
from ..filters import Filters
from .base import Targets, in_teams, pct, workers

A, At = SupervisionAssignment, Attendance


def supervisor_load(
    session: Session, f: Filters, t: Targets, *, only_over: bool = False
) -> list[dict]:
    """Supervisors (active, supervisor role) in the teams covered or supervising someone in
    them, with the FTE of all their current active supervisees against ratio × their FTE.
    The load counts supervisees in every team: the supervisor's capacity is one person's.

    `in_scope` counts the supervisees who are workers in the teams covered, by the same rule
    as the drill-down list (peertrain/rules/workers.py), so a finding filtered to a team can
    state that team's share and match its evidence; `scope_team` is the first of their teams,
    for a supervisor based outside the teams covered."""
    sup, ee = aliased(User, name="sup"), aliased(User, name="ee")
    ee_role, scope_team = aliased(UserRole, name="ee_role"), aliased(Team, name="scope_team")
    counted = ee_role.user_id.is_not(None) & at_work_sql(f.end, ee) & in_teams(ee.team_id, f.teams)
    load = (
        select(
            A.supervisor_id.label("sid"),
            func.count().label("n"),
            func.sum(ee.fte).label("fte"),
            func.sum(case((counted, 1), else_=0)).label("in_scope"),
            func.min(case((counted, ee.team_id), else_=None)).label("scope_team_id"),
        )
        .join(ee, ee.id == A.supervisee_id)
        .outerjoin(ee_role, worker_role_join(ee, ee_role))
        .where(current_assignment_clause(f.end), ee.active.is_(True))
        .group_by(A.supervisor_id)
        .subquery("load")
    )
    load_fte = func.coalesce(load.c.fte, 0)
    stmt = (
        select(
            sup.id,
            sup.name,
            sup.team_id,
            Team.name.label("team"),
            sup.fte,
            sup.is_peer,
            func.coalesce(load.c.n, 0).label("n"),
            load_fte.label("load_fte"),
            func.coalesce(load.c.in_scope, 0).label("in_scope"),
            scope_team.name.label("scope_team"),
        )
        .join(UserRole, (UserRole.user_id == sup.id) & (UserRole.role == Role.SUPERVISOR))
        .outerjoin(load, load.c.sid == sup.id)
        .outerjoin(Team, Team.id == sup.team_id)
        .outerjoin(scope_team, scope_team.id == load.c.scope_team_id)
        .where(sup.active.is_(True))
        .where(in_teams(sup.team_id, f.teams) | (func.coalesce(load.c.in_scope, 0) > 0))
    )
    if only_over:
        stmt = stmt.where(load_fte > sup.fte * t.ratio_max)
    rows = []
    for r in session.execute(stmt):
        capacity = round(float(r.fte) * t.ratio_max, 2)
        load_value = round(float(r.load_fte), 2)
        rows.append(
            {
                "supervisor_id": r.id,
                "supervisor": r.name,
                "team_id": r.team_id,
                "team": r.team,
                "fte": float(r.fte),
                "lived_experience": bool(r.is_peer),
                "supervisees": int(r.n),
                "supervisees_in_scope": int(r.in_scope),
                "team_in_scope": f.teams is None or r.team_id in f.teams,
                "scope_team": r.scope_team,
                "load_fte": load_value,
                "capacity_fte": capacity,
                "load_pct": pct(load_value, capacity),
                "over": load_value > capacity,
            }
        )
    return sorted(rows, key=lambda r: (-(r["load_pct"] or 0), r["supervisor"], r["supervisor_id"]))


def cancellations(session: Session, f: Filters) -> list[dict]:
    """Per team: sessions held and cancelled in the period, the cancellation rate, and the
    reasons. A session counts once for each team whose workers were in it."""
    w = workers(f)
    team_sessions = (
        select(w.c.team_id, At.session_id.label("sid"), At.status, At.cancel_reason)
        .join(At, At.worker_id == w.c.id)
        .where(At.held_on >= f.start, At.held_on <= f.end)
        .distinct()
        .subquery("team_sessions")
    )
    c = team_sessions.c
    # Counted first, then named: the team join and its name in the grouping key touch the
    # 2,900 counts instead of the 45,000 (team, session) pairs.
    counts = (
        select(c.team_id, c.status, c.cancel_reason, func.count().label("n"))
        .group_by(c.team_id, c.status, c.cancel_reason)
        .subquery("counts")
    )
    stmt = select(counts, Team.name.label("team")).outerjoin(Team, Team.id == counts.c.team_id)
    teams: dict = {}
    for team_id, status, reason, n, team in session.execute(stmt):  # tuples: cheaper than names
        row = teams.get(team_id)
        if row is None:
            row = teams[team_id] = {
                "team_id": team_id,
                "team": team,
                "held": 0,
                "cancelled": 0,
                "reasons": {},
            }
        if status == SessionStatus.HELD:
            row["held"] += n
        else:
            row["cancelled"] += n
            row["reasons"][CancelReason(reason)] = n
    rows = []
    for row in teams.values():
        total = row["held"] + row["cancelled"]
        row["sessions"] = total
        row["rate"] = pct(row["cancelled"], total)
        row["reasons"] = sorted(row["reasons"].items(), key=lambda kv: (-kv[1], kv[0].value))
        rows.append(row)
    return sorted(rows, key=lambda r: (r["team"] or "", r["team_id"] or 0))
