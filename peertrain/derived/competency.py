"""Keeps the derived current-level and category-tally tables in step with the ratings.

Ratings are only ever added, and the manager reports need each worker's *current* level in
every competency. Aggregating 900,000 ratings on every page view cost hundreds of
milliseconds at 10,000 workers, so the current levels (CurrentLevel) and their per-category
sums (CategoryTally) are kept as tables. They are written in the same transaction as the
rating, by a flush hook, so no code path that adds a rating through the ORM can forget them;
bulk Core inserts (the benchmark seed) call `rebuild` instead."""

from __future__ import annotations

from sqlalchemy import Connection, and_, case, delete, event, func, insert, inspect, select, update
from sqlalchemy.orm import Session

from ..models import (
    COMPETENT,
    CategoryTally,
    Competency,
    CompetencyRating,
    CurrentLevel,
    RatingSource,
)
from . import lock_workers

JUDGED = (RatingSource.SUPERVISOR, RatingSource.OBSERVATION)
R, L, T = CompetencyRating, CurrentLevel, CategoryTally


def judged_rating():
    """SQL: a supervisor or observation rating (self-assessments are not judgements)."""
    return R.source.in_([s.value for s in JUDGED])


def apply_ratings(conn: Connection, rating_ids: list[int]) -> None:
    """Fold newly inserted ratings into the current levels and the tallies."""
    rows = conn.execute(
        select(R.subject_id, R.competency_id, R.level, R.rated_at)
        .where(R.id.in_(rating_ids), judged_rating())
        .order_by(R.subject_id, R.competency_id, R.rated_at, R.level)
    ).all()
    if not rows:
        return
    subjects = sorted({r.subject_id for r in rows})
    lock_workers(conn, subjects)
    current = {
        (r.subject_id, r.competency_id): (r.rated_at, r.level)
        for r in conn.execute(
            select(L.subject_id, L.competency_id, L.rated_at, L.level).where(
                L.subject_id.in_(subjects)
            )
        )
    }
    changed: set[int] = set()
    for r in rows:
        key, new = (r.subject_id, r.competency_id), (r.rated_at, r.level)
        old = current.get(key)
        if old is None:
            conn.execute(
                insert(L).values(
                    subject_id=key[0], competency_id=key[1], level=r.level, rated_at=r.rated_at
                )
            )
        elif new > old:  # later, or the same moment and higher: "the higher one counts"
            conn.execute(
                update(L)
                .where(L.subject_id == key[0], L.competency_id == key[1])
                .values(level=r.level, rated_at=r.rated_at)
            )
        else:
            continue  # a back-dated rating: history, not the current level
        current[key] = new
        changed.add(r.subject_id)
    if changed:
        refresh_tallies(conn, subjects=sorted(changed))


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
    """Recompute both tables from the whole rating history (after bulk loads)."""
    last = (
        select(R.subject_id, R.competency_id, func.max(R.rated_at).label("at"))
        .where(judged_rating())
        .group_by(R.subject_id, R.competency_id)
        .subquery("last")
    )
    levels = (
        select(R.subject_id, R.competency_id, func.max(R.level), R.rated_at)
        .join(
            last,
            and_(
                last.c.subject_id == R.subject_id,
                last.c.competency_id == R.competency_id,
                last.c.at == R.rated_at,
            ),
        )
        .where(judged_rating())
        .group_by(R.subject_id, R.competency_id, R.rated_at)
    )
    conn.execute(delete(L))
    conn.execute(
        insert(L).from_select(["subject_id", "competency_id", "level", "rated_at"], levels)
    )
    refresh_tallies(conn)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    """In the flush's own transaction: new judged ratings update the derived tables, and a
    competency moved to another category re-sums every tally."""
    new = [o for o in session.new if isinstance(o, CompetencyRating) and o.source in JUDGED]
    moved = any(
        isinstance(o, Competency) and inspect(o).attrs.category.history.has_changes()
        for o in session.dirty
    )
    if new:
        apply_ratings(session.connection(), [o.id for o in new])
    if moved:
        refresh_tallies(session.connection())
