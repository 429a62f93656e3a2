"""A worker's current level in a competency: Python and SQL forms together.

Rule: the latest supervisor or observation rating (self-assessments never count). When two
judgements share the latest moment, the higher level counts. Ratings are timestamped to the
microsecond, so a tie only comes from one act that wrote several rows at once (an import, a
migration, a seed), whose insertion order says nothing about which is meant. The higher is
an answer that does not depend on that order, needs only (level, time) - which is what the
derived table stores - and a deliberate correction, made later, still wins by its time."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, bindparam, func, select

from ..models import CompetencyRating, RatingSource

R = CompetencyRating
JUDGED = (RatingSource.SUPERVISOR, RatingSource.OBSERVATION)


_JUDGED_VALUES = frozenset(s.value for s in JUDGED)


def is_judged(rating: Any) -> bool:
    """Python form: the rating is a judgement (not a self-assessment)."""
    return str(getattr(rating.source, "value", rating.source)) in _JUDGED_VALUES


def judged():
    """SQL form of is_judged. The values are written into the statement (not bound) so that
    SQLite, like PostgreSQL, can prove the partial index ix_report_rating_judged applies."""
    values = [s.value for s in JUDGED]
    return R.source.in_(bindparam("judged", values, expanding=True, literal_execute=True))


def _key(rating: Any) -> tuple:
    return (rating.rated_at, rating.level)


def current_ratings(ratings: Iterable[Any]) -> dict[int, Any]:
    """Python form: competency id -> the rating that sets the current level, for one worker's
    ratings (objects with competency_id, source, level and rated_at, in any order)."""
    out: dict[int, Any] = {}
    for r in ratings:
        if is_judged(r):
            best = out.get(r.competency_id)
            if best is None or _key(r) >= _key(best):
                out[r.competency_id] = r
    return out


def current_levels(ratings: Iterable[Any]) -> dict[int, int]:
    """Python form: competency id -> current level."""
    return levels_of(current_ratings(ratings))


def levels_of(current: dict[int, Any]) -> dict[int, int]:
    """Competency id -> level, from what current_ratings gave."""
    return {cid: r.level for cid, r in current.items()}


def level_at_latest():
    """SQL: the aggregate that picks the level among the judgements sharing the latest
    moment (group by worker, competency and that moment)."""
    return func.max(R.level)


def current_levels_sql(where):
    """SQL form: rows (subject_id, competency_id, level, rated_at) for the judged pairs
    matching `where`."""
    last = (
        select(R.subject_id, R.competency_id, func.max(R.rated_at).label("at"))
        .where(judged(), where)
        .group_by(R.subject_id, R.competency_id)
        .subquery("last")
    )
    at_last = and_(
        last.c.subject_id == R.subject_id,
        last.c.competency_id == R.competency_id,
        last.c.at == R.rated_at,
    )
    return (
        select(R.subject_id, R.competency_id, level_at_latest(), R.rated_at)
        .join(last, at_last)
        .where(judged())
        .group_by(R.subject_id, R.competency_id, R.rated_at)
    )
