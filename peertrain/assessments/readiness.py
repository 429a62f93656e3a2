"""Readiness for certification: required modules, supervised hours and every category competent."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..models import COMPETENT, LEVELS, CompetencyCategory, User
from ..modules.queries import required_statuses
from ..supervision.queries import supervised_minutes_by_person
from ..targets import get_target
from . import queries
from .profile import RatingLike, current_levels

# The rule, stated once so the page shows exactly what the code checks.
CATEGORY_RULE = (
    f"A category is met when every competency in it has a current level of "
    f"{COMPETENT} ({LEVELS[COMPETENT].lower()}) or above, as rated by a supervisor or from an "
    f"observation of practice. Self-assessments do not count towards it."
)


@dataclass(frozen=True)
class CategoryStatus:
    code: str
    title: str
    short: tuple[tuple[str, int | None], ...]  # (competency code, current level or None)

    @property
    def met(self) -> bool:
        return not self.short


@dataclass(frozen=True)
class Readiness:
    modules_done: tuple[str, ...]
    modules_missing: tuple[str, ...]
    hours: float
    hours_target: float
    categories: tuple[CategoryStatus, ...]

    @property
    def modules_met(self) -> bool:
        return not self.modules_missing

    @property
    def hours_met(self) -> bool:
        return self.hours >= self.hours_target

    @property
    def categories_met(self) -> bool:
        return bool(self.categories) and all(c.met for c in self.categories)

    @property
    def ready(self) -> bool:
        return self.modules_met and self.hours_met and self.categories_met

    @property
    def missing(self) -> list[str]:
        """Plain sentences, one per thing still to do: the worker's own first."""
        return self.yours + self.waiting

    @property
    def yours(self) -> list[str]:
        """What the worker can act on themselves: their required modules."""
        return [f"Complete the required module “{title}”." for title in self.modules_missing]

    @property
    def waiting(self) -> list[str]:
        """What waits on others: hours come from sessions a supervisor holds and records, and
        categories from a supervisor's ratings (self-assessments do not count)."""
        items = []
        if not self.hours_met:
            items.append(
                f"Supervised hours: {_hours(self.hours)} so far, "
                f"{_hours(self.hours_target)} needed."
            )
        if not self.categories:
            items.append("The competency framework has not been loaded yet.")
        for c in self.categories:
            if c.met:
                continue
            unrated = [code for code, level in c.short if level is None]
            below = [f"{code} ({LEVELS[level].lower()})" for code, level in c.short if level]
            parts = []
            if below:
                parts.append("below competent: " + ", ".join(below))
            if unrated:
                parts.append("not yet rated by a supervisor: " + ", ".join(unrated))
            items.append(f"{c.title} — " + "; ".join(parts) + ".")
        return items


def _hours(value: float) -> str:
    return f"{value:g} hour" + ("" if value == 1 else "s")


def assess(
    *,
    modules_done: Iterable[str],
    modules_missing: Iterable[str],
    hours: float,
    hours_target: float,
    categories: Iterable[tuple[str, str, Iterable[tuple[str, int | None]]]],
) -> Readiness:
    """Pure: from module titles, hours, and (category code, title, [(competency code, current
    level or None)]) to a verdict with everything still missing."""
    statuses = tuple(
        CategoryStatus(
            code=code,
            title=title,
            short=tuple(
                (comp, level) for comp, level in levels if level is None or level < COMPETENT
            ),
        )
        for code, title, levels in categories
    )
    return Readiness(
        modules_done=tuple(modules_done),
        modules_missing=tuple(modules_missing),
        hours=float(hours),
        hours_target=float(hours_target),
        categories=statuses,
    )


def readiness_of_people(
    people: Sequence[User],
    framework: Sequence[CompetencyCategory],
    ratings_by_subject: Mapping[int, Sequence[RatingLike]],
    levels_by_subject: Mapping[int, Mapping[int, int]] | None = None,
) -> dict[int, Readiness]:
    """Person id -> readiness, from a framework and ratings (oldest first) the caller already
    holds, or the current levels it has already worked out from them; modules, hours and the
    target take a fixed three queries however many people."""
    ids = [p.id for p in people]
    required = required_statuses(list(people))
    minutes = supervised_minutes_by_person(ids)
    target = get_target("hours_before_contact")
    result = {}
    for person in people:
        if levels_by_subject is not None:
            levels = levels_by_subject.get(person.id, {})
        else:
            levels = current_levels(ratings_by_subject.get(person.id, []))
        result[person.id] = assess(
            modules_done=required[person.id].done,
            modules_missing=required[person.id].missing,
            # Rounded as the supervision pages round it, so the two never disagree.
            hours=round(minutes.get(person.id, 0) / 60, 1),
            hours_target=target,
            categories=_by_category(framework, levels),
        )
    return result


def _by_category(framework: Sequence[CompetencyCategory], levels: Mapping[int, int]) -> list:
    return [
        (cat.code, cat.title, [(c.code, levels.get(c.id)) for c in cat.competencies])
        for cat in framework
    ]


def readiness_for(user: User) -> Readiness:
    """Gather one person's figures from the database and assess them."""
    ratings = queries.ratings_for_subjects([user.id])
    return readiness_of_people([user], queries.categories(), {user.id: ratings})[user.id]


def modules_and_categories(user: User, done_slugs: set[str]) -> Readiness:
    """The same verdict on required modules and categories, for a caller that has read the
    person's completed modules itself and counts hours from its own evidence (certification):
    the hours fields are zero, and neither the hours nor the modules are read again."""
    ratings = queries.ratings_for_subjects([user.id])
    required = required_statuses([user], done={user.id: done_slugs})[user.id]
    return assess(
        modules_done=required.done,
        modules_missing=required.missing,
        hours=0,
        hours_target=0,
        categories=_by_category(queries.categories(), current_levels(ratings)),
    )
