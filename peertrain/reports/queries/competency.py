"""Competency heat map and current levels: per team × category, the share at level 3 or 4."""

from __future__ import annotations

from sqlalchemy import case, func, select, union_all
from sqlalchemy.orm import Session

from ...models import (
    COMPETENT,
    CategoryTally,
    Competency,
    CompetencyCategory,
    CompetencyRating,
    CurrentLevel,
    Team,
)
from ...rules.current_level import judged, level_at_latest
from ..filters import Filters
from .base import among_workers, day_after, pct, workers

R, L, T = CompetencyRating, CurrentLevel, CategoryTally


def history_pairs(f: Filters, late):
    """Per (worker, competency) matching `late` (a subquery of `wid` with `competency_id`, or
    with `category_id` for all of a category's competencies): when it was last judged on or
    before the end date, and when last judged 3 or above. Read from the rating history,
    for the pairs whose current level was set after the end date."""
    match = (late.c.wid == R.subject_id) & (
        late.c.competency_id == R.competency_id
        if "competency_id" in late.c
        else late.c.category_id == Competency.category_id
    )
    return (
        select(
            R.subject_id.label("wid"),
            R.competency_id.label("competency_id"),
            Competency.category_id.label("category_id"),
            func.max(R.rated_at).label("last"),
            func.max(case((R.level >= COMPETENT, R.rated_at), else_=None)).label("last_ok"),
        )
        .join(Competency, Competency.id == R.competency_id)
        .join(late, match)
        .where(judged(), R.rated_at < day_after(f.end))
        .group_by(R.subject_id, R.competency_id, Competency.category_id)
        .subquery("history")
    )


def category_tallies(f: Filters, w):
    """Per (worker, category) as of the end date: competencies judged, and how many of those
    at competent or above (the latest judgement 3 or 4; the higher if two share the moment).

    Read from the maintained tallies (peertrain/derived/competency.py). A tally touched
    after the end date is recounted from the history instead, so a report for a past period
    is exact; for a period ending today that part reads nothing."""
    cut = day_after(f.end)
    kept = select(T.subject_id.label("wid"), T.category_id, T.rated, T.competent).where(
        T.latest < cut, among_workers(T.subject_id, f, w)
    )
    late = (
        select(T.subject_id.label("wid"), T.category_id)
        .where(T.latest >= cut, among_workers(T.subject_id, f, w))
        .subquery("late")
    )
    h = history_pairs(f, late)
    recount = select(
        h.c.wid,
        h.c.category_id,
        func.count(),
        func.sum(case((h.c.last_ok == h.c.last, 1), else_=0)),
    ).group_by(h.c.wid, h.c.category_id)
    return union_all(kept, recount).subquery("tallies")


def levels_as_of(f: Filters, w):
    """Per judged (worker, competency), as of the end date: the level (the latest judgement;
    the higher if two share the moment) and when it was made. The maintained current levels,
    with pairs judged again after the end date read from the history instead."""
    cut = day_after(f.end)
    kept = select(
        L.subject_id.label("wid"), L.competency_id, L.level, L.rated_at.label("last")
    ).where(L.rated_at < cut, among_workers(L.subject_id, f, w))
    late = (
        select(L.subject_id.label("wid"), L.competency_id)
        .where(L.rated_at >= cut, among_workers(L.subject_id, f, w))
        .subquery("late")
    )
    h = history_pairs(f, late)
    then = select(h.c.wid, h.c.competency_id, level_at_latest(), h.c.last).join(
        R,
        (R.subject_id == h.c.wid)
        & (R.competency_id == h.c.competency_id)
        & (R.rated_at == h.c.last)
        & judged(),
    )
    then = then.group_by(h.c.wid, h.c.competency_id, h.c.last)
    return union_all(kept, then).subquery("levels")


def heat_map(session: Session, f: Filters, below: float | None = None) -> list[dict]:
    """Rule: a cell is the share of rated (worker, competency) pairs in the category whose
    current level is 3 (competent) or 4. Pairs never rated are left out; the number rated
    is shown beside the share so a thin evidence base is visible.

    `below`: only the cells whose share may be under this percentage (the findings need
    only those; a little slack, because the finding compares the share as rounded)."""
    w = workers(f)
    tallies = category_tallies(f, w)
    cells = (
        select(
            w.c.team_id,
            tallies.c.category_id,
            func.sum(tallies.c.rated).label("rated"),
            func.sum(tallies.c.competent).label("competent"),
        )
        .select_from(tallies)
        .join(w, w.c.id == tallies.c.wid)
        .group_by(w.c.team_id, tallies.c.category_id)
        .subquery("cells")
    )
    # Names are joined to the few thousand cells, not to the tallies.
    stmt = (
        select(
            cells,
            Team.name.label("team"),
            CompetencyCategory.code.label("category_code"),
            CompetencyCategory.title.label("category"),
        )
        .join(CompetencyCategory, CompetencyCategory.id == cells.c.category_id)
        .outerjoin(Team, Team.id == cells.c.team_id)
        .order_by(Team.name, cells.c.team_id, CompetencyCategory.position)
    )
    if below is not None:
        stmt = stmt.where(100 * cells.c.competent < (below + 0.05) * cells.c.rated)
    return [
        {
            "team_id": r.team_id,
            "team": r.team,
            "category_code": r.category_code,
            "category": r.category,
            "rated": int(r.rated),
            "competent": int(r.competent),
            "share_competent": pct(int(r.competent), int(r.rated)),
        }
        for r in session.execute(stmt)
    ]


def categories(session: Session) -> list[tuple[str, str]]:
    """(code, title) of every category, in framework order (for the heat map's columns)."""
    stmt = select(CompetencyCategory.code, CompetencyCategory.title).order_by(
        CompetencyCategory.position
    )
    return [(code, title) for code, title in session.execute(stmt)]
