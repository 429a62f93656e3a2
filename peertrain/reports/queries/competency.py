"""Competency heat map: per team × category, the share of rated competencies at level 3 or 4."""

from __future__ import annotations

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import Session

from ...models import (
    COMPETENT,
    Competency,
    CompetencyCategory,
    CompetencyRating,
    RatingSource,
    Team,
)
from ..filters import Filters
from .base import among_workers, day_after, pct, workers

R = CompetencyRating
JUDGED = (RatingSource.SUPERVISOR, RatingSource.OBSERVATION)


def judged():
    """SQL: a supervisor or observation rating. The values are written into the statement
    (not bound) so that SQLite, like PostgreSQL, can prove the partial index
    ix_report_rating_judged applies."""
    values = [s.value for s in JUDGED]
    return R.source.in_(bindparam("judged", values, expanding=True, literal_execute=True))


def judged_pairs(f: Filters, w):
    """Per (worker, competency) with a supervisor or observation rating on or before the end
    date (self-assessments are not judgements of practice): when it was last rated, and when
    it was last rated 3 or above. The current level is competent exactly when those are the
    same moment. One GROUP BY that PostgreSQL streams from an index, with no sort and no
    window, because at 10,000 workers this is half a million pairs."""
    return (
        select(
            R.subject_id.label("wid"),
            R.competency_id.label("competency_id"),
            func.max(R.rated_at).label("last"),
            func.max(case((R.level >= COMPETENT, R.rated_at), else_=None)).label("last_ok"),
        )
        .where(judged(), R.rated_at < day_after(f.end))
        .where(among_workers(R.subject_id, f, w))
        .group_by(R.subject_id, R.competency_id)
        .subquery("pairs")
    )


def is_competent(pairs):
    """SQL: the pair's latest judgement is 3 or 4 (if two share the latest moment, the higher
    one counts)."""
    return pairs.c.last_ok == pairs.c.last


def heat_map(session: Session, f: Filters) -> list[dict]:
    """Rule: a cell is the share of rated (worker, competency) pairs in the category whose
    current level is 3 (competent) or 4. Pairs never rated are left out; the number rated
    is shown beside the share so a thin evidence base is visible."""
    w = workers(f)
    pairs = judged_pairs(f, w)
    cells = (
        select(
            w.c.team_id,
            Competency.category_id,
            func.count().label("rated"),
            func.sum(case((is_competent(pairs), 1), else_=0)).label("competent"),
        )
        .select_from(pairs)
        .join(w, w.c.id == pairs.c.wid)
        .join(Competency, Competency.id == pairs.c.competency_id)
        .group_by(w.c.team_id, Competency.category_id)
        .subquery("cells")
    )
    # Names are joined to the few thousand cells, not to the half million pairs.
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
