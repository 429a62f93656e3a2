"""Drill-down lists of people: overdue, unsupervised, supervisors, load, new starters.

Every function returns (rows, total): one page of rows and, from a window count in the same
statement, how many there are in all. `limit=None` returns every row (for CSV export)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from ...authz import current_assignment_clause
from ...models import (
    SessionParticipant,
    SessionStatus,
    SupervisionAssignment,
    SupervisionSession,
    Team,
    User,
)
from ..filters import Filters
from .base import Targets, current_supervisors, workers
from .coverage import (
    NEW_STARTER_DAYS,
    last_recent_held,
    new_starter_minutes,
    worker_status_columns,
)

A, P, S = SupervisionAssignment, SessionParticipant, SupervisionSession


def page(session: Session, stmt: Select, limit: int | None, offset: int) -> tuple[list, int]:
    stmt = stmt.add_columns(func.count().over().label("total_rows"))
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    rows, total = [], 0
    for r in session.execute(stmt):
        row = r._asdict()
        total = row.pop("total_rows")
        rows.append(row)
    return rows, total


def overdue(session: Session, f: Filters, t: Targets, limit, offset, **_) -> tuple[list, int]:
    """Workers overdue for supervision, with their last held session and when it fell due."""
    w = workers(f)
    recent = last_recent_held(f, t, w)
    _, is_overdue = worker_status_columns(f, t, w, recent)
    last_held = (
        select(func.max(S.held_on))
        .join(P, P.session_id == S.id)
        .where(P.supervisee_id == w.c.id, S.status == SessionStatus.HELD, S.held_on <= f.end)
        .scalar_subquery()
    )
    stmt = (
        select(
            w.c.name.label("worker"),
            Team.name.label("team"),
            w.c.start_date,
            w.c.is_new,
            last_held.label("last_held"),
        )
        .select_from(w)
        .outerjoin(recent, recent.c.wid == w.c.id)
        .outerjoin(Team, Team.id == w.c.team_id)
        .where(is_overdue == 1)
        .order_by(Team.name, w.c.name, w.c.id)
    )
    rows, total = page(session, stmt, limit, offset)
    for r in rows:
        interval = t.interval_new_days if r.pop("is_new") else t.interval_days
        r["interval_days"] = interval
        since = r["last_held"] or r["start_date"]
        r["due"] = since + timedelta(days=interval) if since else None
    return rows, total


def unsupervised(session: Session, f: Filters, t: Targets, limit, offset, **_):
    """Workers with no supervision assignment in force on the end date."""
    w = workers(f)
    sup = current_supervisors(f, w)
    last_end = (
        select(func.max(A.end_date))
        .where(A.supervisee_id == w.c.id, A.end_date < f.end)
        .scalar_subquery()
    )
    stmt = (
        select(
            w.c.name.label("worker"),
            Team.name.label("team"),
            w.c.start_date,
            last_end.label("last_assignment_ended"),
        )
        .select_from(w)
        .outerjoin(sup, sup.c.wid == w.c.id)
        .outerjoin(Team, Team.id == w.c.team_id)
        .where(sup.c.wid.is_(None))
        .order_by(Team.name, w.c.name, w.c.id)
    )
    return page(session, stmt, limit, offset)


def _current_pairs(f: Filters, w):
    """(worker, supervisor) for assignments in force on the end date."""
    sup = aliased(User, name="sup")
    return (
        select(
            w.c.id.label("wid"),
            w.c.name.label("worker"),
            w.c.team_id,
            w.c.fte.label("worker_fte"),
            sup.id.label("sid"),
            sup.name.label("supervisor"),
            sup.is_peer,
            sup.fte.label("supervisor_fte"),
            A.start_date.label("since"),
        )
        .join(A, A.supervisee_id == w.c.id)
        .join(sup, sup.id == A.supervisor_id)
        .where(current_assignment_clause(f.end), sup.active.is_(True))
    )


def lived_experience(session: Session, f: Filters, t: Targets, limit, offset, **_):
    """Supervised workers none of whose current supervisors has lived experience."""
    w = workers(f)
    sup = current_supervisors(f, w)
    pairs = _current_pairs(f, w).subquery("pairs")
    stmt = (
        select(pairs.c.worker, Team.name.label("team"), pairs.c.supervisor, pairs.c.since)
        .join(sup, sup.c.wid == pairs.c.wid)
        .outerjoin(Team, Team.id == pairs.c.team_id)
        .where(sup.c.peer == 0)
        .order_by(Team.name, pairs.c.worker, pairs.c.wid, pairs.c.supervisor)
    )
    return page(session, stmt, limit, offset)


def load(session: Session, f: Filters, t: Targets, limit, offset, supervisor=None, **_):
    """Supervisors over the ratio (or the one asked for, if the manager may see them) and
    their supervisees in the teams covered."""
    from .resourcing import supervisor_load

    shown = supervisor_load(session, f, t, only_over=supervisor is None)
    ids = [
        r["supervisor_id"] for r in shown if supervisor is None or r["supervisor_id"] == supervisor
    ]
    w = workers(f)
    pairs = _current_pairs(f, w).subquery("pairs")
    stmt = (
        select(
            pairs.c.supervisor,
            pairs.c.supervisor_fte,
            pairs.c.worker,
            Team.name.label("team"),
            pairs.c.worker_fte,
            pairs.c.since,
        )
        .outerjoin(Team, Team.id == pairs.c.team_id)
        .where(pairs.c.sid.in_(ids or [-1]))
        .order_by(pairs.c.supervisor, pairs.c.sid, pairs.c.worker, pairs.c.wid)
    )
    return page(session, stmt, limit, offset)


def new_starters(session: Session, f: Filters, t: Targets, limit, offset, **_):
    """Workers in their first 60 days with fewer supervised hours than the target."""
    w = workers(f)
    mins = new_starter_minutes(f, w)
    minutes = func.coalesce(mins.c.minutes, 0)
    stmt = (
        select(
            w.c.name.label("worker"),
            Team.name.label("team"),
            w.c.start_date,
            minutes.label("minutes"),
        )
        .select_from(w)
        .outerjoin(mins, mins.c.wid == w.c.id)
        .outerjoin(Team, Team.id == w.c.team_id)
        .where(w.c.start_date >= f.end - timedelta(days=NEW_STARTER_DAYS))
        .where(minutes < t.hours_before_contact * 60)
        .order_by(Team.name, w.c.name, w.c.id)
    )
    rows, total = page(session, stmt, limit, offset)
    for r in rows:
        r["hours"] = round(int(r.pop("minutes")) / 60, 1)
    return rows, total
