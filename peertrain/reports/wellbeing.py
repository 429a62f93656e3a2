"""Wellbeing flags for managers: people counted across the whole scope, never named or split.

A wellbeing concern is about a person's health. Managers see only how many people had one,
per whole calendar quarter, across every team they manage (the team filter and the exact
dates chosen do not change it, so comparing two filters cannot isolate anyone), fewer than
SMALL people shown as "fewer than 5" and larger counts rounded to the nearest ROUND_TO (so
that subtracting one shown figure from another cannot recover a hidden one)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import func, select, union
from sqlalchemy.orm import Session

from ..models import Flag, FlagKind, SessionParticipant, SupervisionSession
from .filters import Filters
from .queries.base import bucket_of, quarter_buckets, workers

SMALL = 5
ROUND_TO = 5
FEWER = f"fewer than {SMALL}"
P, S = SessionParticipant, SupervisionSession


def shown(people: int) -> int | str:
    """The figure a manager may see for a count of people."""
    if people < SMALL:
        return FEWER
    return max(SMALL, ROUND_TO * round(people / ROUND_TO))


def whole_quarters(f: Filters) -> Filters:
    """The scope without the team filter, over the whole quarters the period touches."""
    start = date(f.start.year, 3 * ((f.start.month - 1) // 3) + 1, 1)
    nm = 3 * ((f.end.month - 1) // 3) + 4
    end = date(f.end.year + (nm > 12), (nm - 1) % 12 + 1, 1) - timedelta(days=1)
    return replace(f, start=start, end=end, team_id=None)


def people_by_quarter(session: Session, f: Filters) -> list[dict]:
    """Per whole quarter: how many workers in the manager's scope had a wellbeing concern (a
    flag naming them, or a group flag in a session they attended), as shown to managers."""
    g = whole_quarters(f)
    w = workers(g)
    buckets = quarter_buckets(g.start, g.end)
    period = (
        select(Flag.supervisee_id, Flag.session_id, S.held_on)
        .join(S, S.id == Flag.session_id)
        .where(Flag.kind == FlagKind.WELLBEING, S.held_on >= g.start, S.held_on <= g.end)
        .cte()
    )
    named = select(period.c.supervisee_id.label("wid"), period.c.held_on).where(
        period.c.supervisee_id.is_not(None)
    )
    group = (
        select(P.supervisee_id.label("wid"), period.c.held_on)
        .join(P, P.session_id == period.c.session_id)
        .where(period.c.supervisee_id.is_(None))
    )
    concerned = union(named, group).subquery("concerned")
    q = bucket_of(concerned.c.held_on, buckets).label("q")
    stmt = (
        select(q, func.count(func.distinct(concerned.c.wid)))
        .join(w, w.c.id == concerned.c.wid)
        .group_by(q)
    )
    counts = dict(session.execute(stmt).all())
    return [{"quarter": b.label, "people": shown(counts.get(b.index, 0))} for b in buckets]
