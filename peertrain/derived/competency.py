"""Current competency levels and category tallies, kept in step with the ratings.

Ratings are only ever added, and the manager reports need each worker's *current* level in
every competency. Aggregating 970,000 ratings on every page view cost hundreds of
milliseconds at 10,000 workers, so the current levels (CurrentLevel) and their per-category
sums (CategoryTally) are kept as tables. A flush that writes ratings recomputes the levels
of the workers and competencies it touched from their ratings, then those workers' tallies;
a competency moved to another category re-sums every tally. Which rating sets the level is
one rule for the profile, these tables and the reports: peertrain/rules/current_level.py."""

from __future__ import annotations

from sqlalchemy import Connection, case, delete, event, func, insert, inspect, select, true
from sqlalchemy.orm import Session

from ..models import (
    COMPETENT,
    CategoryTally,
    Competency,
    CompetencyRating,
    CurrentLevel,
)
from ..rules.current_level import current_levels_sql as current_levels
from . import Plan, lock_workers, note, rebuild_after_bulk_dml, taken

R, L, T = CompetencyRating, CurrentLevel, CategoryTally
PAIRS, MOVED, STALE = "derived.rating_pairs", "derived.category_moved", "derived.competency_stale"
LEVEL_COLUMNS = ["subject_id", "competency_id", "level", "rated_at"]


def refresh_levels(conn: Connection, subjects: list[int], competencies: list[int]) -> None:
    """Recompute these workers' levels in these competencies from their ratings (every
    pairing of the two lists), then the workers' tallies. The caller holds their locks."""
    conn.execute(delete(L).where(L.subject_id.in_(subjects), L.competency_id.in_(competencies)))
    pairs = R.subject_id.in_(subjects) & R.competency_id.in_(competencies)
    conn.execute(insert(L).from_select(LEVEL_COLUMNS, current_levels(pairs)))
    refresh_tallies(conn, subjects)


def refresh_tallies(conn: Connection, subjects: list[int] | None = None) -> None:
    """Recompute the category tallies from the current levels (of some workers, or all)."""
    gone = delete(T)
    tallies = (
        select(
            L.subject_id,
            Competency.category_id,
            func.count(),
            func.sum(case((L.level >= COMPETENT, 1), else_=0)),
            func.max(L.rated_at),
        )
        .join(Competency, Competency.id == L.competency_id)
        .group_by(L.subject_id, Competency.category_id)
    )
    if subjects is not None:
        gone = gone.where(T.subject_id.in_(subjects))
        tallies = tallies.where(L.subject_id.in_(subjects))
    conn.execute(gone)
    columns = ["subject_id", "category_id", "rated", "competent", "latest"]
    conn.execute(insert(T).from_select(columns, tallies))


def rebuild(conn: Connection) -> None:
    """Recompute both tables from the whole rating history, every worker locked meanwhile."""
    lock_workers(conn, None)
    conn.execute(delete(L))
    conn.execute(insert(L).from_select(LEVEL_COLUMNS, current_levels(true())))
    refresh_tallies(conn)


@event.listens_for(CompetencyRating, "after_insert")
@event.listens_for(CompetencyRating, "after_update")
@event.listens_for(CompetencyRating, "after_delete")
def _rating_written(_mapper, _connection, rating: CompetencyRating) -> None:
    """Ratings are only added in this app, but a change or removal is followed too (the
    pair it was on before as well as the one it is on now)."""
    state = inspect(rating)
    before = [
        state.attrs[name].history.deleted[0] if state.attrs[name].history.deleted else value
        for name, value in (
            ("subject_id", rating.subject_id),
            ("competency_id", rating.competency_id),
        )
    ]
    note(rating, PAIRS, (rating.subject_id, rating.competency_id), tuple(before))


@event.listens_for(Competency, "after_update")
def _competency_changed(_mapper, _connection, competency: Competency) -> None:
    attrs = inspect(competency).attrs
    if attrs.category_id.history.has_changes() or attrs.category.history.has_changes():
        note(competency, MOVED, competency.id)


def collect(session: Session, _conn: Connection) -> Plan | None:
    """What this flush's ratings and category moves need recomputed, and whose locks."""
    pairs, moved = taken(session, PAIRS), taken(session, MOVED)
    if not (pairs or moved):
        return None

    def apply(conn: Connection) -> None:
        if pairs:
            refresh_levels(conn, sorted({s for s, _ in pairs}), sorted({c for _, c in pairs}))
        if moved:
            refresh_tallies(conn)

    # A moved category re-sums every worker's tallies, so every worker is locked first.
    return Plan(None if moved else {s for s, _ in pairs}, apply)


rebuild_after_bulk_dml(STALE, (CompetencyRating, Competency), rebuild)
