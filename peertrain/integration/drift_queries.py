"""Role-drift log queries, pure functions of a session and filters.

What a manager sees is built from one kind of cell only: one team, one calendar quarter, one
kind of task. A cell shows its number of entries when at least SMALL distinct workers are
behind it, else FEWER. Every total, chart bar, rate and finding is a sum of shown cells, and
the period always covers whole quarters whatever the exact dates chosen, so comparing any two
filters (a team or all teams, one date range or another) only ever subtracts shown cells from
each other: no hidden cell, and so no single worker's entries, can be recovered."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..clock import today
from ..models import DriftEntry, DriftTask, Team, User
from ..reports.filters import Filters
from ..reports.queries.base import DAYS_PER_QUARTER, bucket_of, quarter_buckets, workers
from ..reports.wellbeing import whole_quarters
from .drift_labels import FEWER, SMALL

E = DriftEntry


def own_entries(session: Session, worker_id: int) -> list[DriftEntry]:
    """A worker's log, newest first (the worker's page and their supervisor's)."""
    stmt = select(E).where(E.worker_id == worker_id).order_by(E.happened_on.desc(), E.id.desc())
    return list(session.scalars(stmt))


def log_sizes(session: Session, worker_ids: list[int]) -> dict[int, tuple[int, date | None]]:
    """Entries and the latest day per worker, for a supervisor's list of current supervisees."""
    stmt = (
        select(E.worker_id, func.count(), func.max(E.happened_on))
        .where(E.worker_id.in_(worker_ids))
        .group_by(E.worker_id)
    )
    return {wid: (n, last) for wid, n, last in session.execute(stmt)}


def period(f: Filters) -> Filters:
    """Whole calendar quarters the period touches, keeping the team filter."""
    return replace(whole_quarters(f), team_id=f.team_id)


def _team_names(session: Session, ids) -> dict[int | None, str | None]:
    names = dict(session.execute(select(Team.id, Team.name).where(Team.id.in_(list(ids)))).all())
    return names | {None: None}


def cells(session: Session, f: Filters) -> dict:
    """{"quarters": labels, "teams": [(team_id, name, workers)], "cells": {(team_id, quarter
    index, task): entries or FEWER}} for every team with workers, every quarter and kind."""
    g = period(f)
    w = workers(g)
    buckets = quarter_buckets(g.start, g.end)
    q = bucket_of(E.happened_on, buckets).label("q")
    stmt = (
        select(w.c.team_id, q, E.task, func.count(), func.count(func.distinct(E.worker_id)))
        .join(w, w.c.id == E.worker_id)
        .where(E.happened_on >= g.start, E.happened_on <= g.end)
        .group_by(w.c.team_id, q, E.task)
    )
    found = {(t, qi, task): (n, behind) for t, qi, task, n, behind in session.execute(stmt)}
    heads = dict(session.execute(select(w.c.team_id, func.count()).group_by(w.c.team_id)).all())
    names = _team_names(session, heads)
    teams = sorted(((t, names.get(t), n) for t, n in heads.items()), key=lambda r: r[1] or "~")
    out = {}
    for team_id, _, _ in teams:
        for b in buckets:
            for task in DriftTask:
                n, behind = found.get((team_id, b.index, task), (0, 0))
                out[(team_id, b.index, task)] = n if behind >= SMALL else FEWER
    return {"quarters": [b.label for b in buckets], "teams": teams, "cells": out, "period": g}


def shown_sum(values) -> int:
    return sum(v for v in values if not isinstance(v, str))


def drift_counts(session: Session, f: Filters) -> list[dict]:
    """Per team with workers: entries (the sum of its shown cells over the whole quarters the
    period touches), workers, and entries per worker per quarter (None with nothing shown).
    Headcount, not FTE, as the flag rates are. The integration self-assessment reads this."""
    data = cells(session, f)
    g = data["period"]
    days = (min(g.end, max(today(), g.start)) - g.start).days + 1
    quarters = days / DAYS_PER_QUARTER
    by_team: dict[int, list] = {}  # one pass: scanning every cell per team was quadratic
    for (t, _, _), v in data["cells"].items():
        by_team.setdefault(t, []).append(v)
    out = []
    for team_id, name, heads in data["teams"]:
        values = by_team.get(team_id, [])
        entries = shown_sum(values)
        shown_any = any(not isinstance(v, str) for v in values)
        rate = round(entries / heads / quarters, 2) if shown_any and heads else None
        out.append(
            {
                "team_id": team_id,
                "team": name,
                "workers": heads,
                "entries": entries if shown_any else FEWER,
                "rate": rate,
                "start": g.start,
                "end": g.end,
            }
        )
    return out


def worker_ids_of(session: Session, ids) -> list[User]:
    return list(session.scalars(select(User).where(User.id.in_(list(ids))).order_by(User.name)))
