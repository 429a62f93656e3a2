"""A supervisor's overview of their current supervisees' competencies and readiness."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .. import directory
from ..models import User
from ..rules.current_level import current_ratings, levels_of
from . import queries
from .profile import is_self, tally
from .readiness import Readiness, readiness_of_people


@dataclass(frozen=True)
class SuperviseeLine:
    person: User
    competent: int
    total: int
    awaiting: int  # self-assessments newer than the last supervisor rating of that competency
    last_rated: datetime | None  # last supervisor or observation rating, by anyone
    readiness: Readiness


def supervisee_overview(supervisor_id: int) -> list[SuperviseeLine]:
    people = directory.current_supervisees(supervisor_id)
    framework = queries.categories()
    by_subject: dict[int, list] = {}
    for rating in queries.ratings_for_subjects([p.id for p in people]):
        by_subject.setdefault(rating.subject_id, []).append(rating)
    # Each person's current ratings worked out once, for their readiness and their counts.
    current = {p.id: current_ratings(by_subject.get(p.id, [])) for p in people}
    levels = {pid: levels_of(rs) for pid, rs in current.items()}
    readiness = readiness_of_people(people, framework, by_subject, levels)
    competency_ids = [c.id for cat in framework for c in cat.competencies]
    lines = []
    for person in people:
        ratings = by_subject.get(person.id, [])
        counts = tally(competency_ids, ratings, current[person.id])
        judged = [r.rated_at for r in ratings if not is_self(r)]
        lines.append(
            SuperviseeLine(
                person=person,
                competent=counts.competent,
                total=counts.total,
                awaiting=counts.awaiting,
                last_rated=max(judged) if judged else None,
                readiness=readiness[person.id],
            )
        )
    return lines
