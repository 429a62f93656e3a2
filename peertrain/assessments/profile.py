"""Pure profile logic: current level, self view, the gap between them, and category summaries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from markupsafe import Markup

from ..models import COMPETENT, LEVELS, RatingSource
from ..rules import current_level

# A self-view this far from the supervisor's is worth talking about in supervision.
LARGE_GAP = 2


class RatingLike(Protocol):
    competency_id: int
    source: Any  # RatingSource or its string value
    level: int


_SELF = RatingSource.SELF.value


def is_self(rating: RatingLike) -> bool:
    return str(getattr(rating.source, "value", rating.source)) == _SELF


def latest(ratings: Iterable[RatingLike], *, self_ratings: bool) -> dict[int, RatingLike]:
    """The last rating of each competency, of one kind. `ratings` must be oldest first.

    The worker's own latest self-assessment is read with this; the current (judged) level is
    current_levels below, since a self-assessment never counts towards it, however recent."""
    result: dict[int, RatingLike] = {}
    for rating in ratings:
        if is_self(rating) == self_ratings:
            result[rating.competency_id] = rating
    return result


def current_levels(ratings: Iterable[RatingLike]) -> dict[int, int]:
    """Competency id -> current level: the one rule of peertrain/rules/current_level.py (the
    latest judgement; the higher of two at the same moment), as the reports count it."""
    return current_level.current_levels(ratings)


def current_rating(ratings: Iterable[RatingLike], competency_id: int) -> RatingLike | None:
    """The rating that sets the current level of one competency (same rule), or None."""
    return current_level.current_ratings(ratings).get(competency_id)


@dataclass(frozen=True)
class Gap:
    difference: int  # self minus current: positive when the worker rates themselves higher

    @property
    def large(self) -> bool:
        return abs(self.difference) >= LARGE_GAP

    @property
    def text(self) -> str:
        n = abs(self.difference)
        direction = "higher" if self.difference > 0 else "lower"
        levels = "level" if n == 1 else "levels"
        prefix = "Large gap: self" if self.large else "Self"
        return f"{prefix} {n} {levels} {direction}"


def gap(self_level: int | None, current_level: int | None) -> Gap | None:
    """None when either view is missing or they agree."""
    if self_level is None or current_level is None or self_level == current_level:
        return None
    return Gap(self_level - current_level)


def level_label(level: int | None) -> str:
    return f"{level} · {LEVELS[level]}" if level else "Not rated"


SOURCE_LABELS = {"self": "Self-assessment", "supervisor": "Supervisor",
                 "observation": "Observation of practice"}  # fmt: skip


_NOT_RATED = Markup('<span class="muted">{}</span>').format(level_label(None))
_BADGES = {
    n: Markup('<span class="level level-{}">{}</span>').format(n, level_label(n)) for n in LEVELS
}  # made once, at import: the wording is level_label's


def level_badge(level: int | None) -> Markup:
    """The level as the competency pages show it. Made once per level, and a Python call, not
    a Jinja macro: a profile shows it some two hundred times."""
    return _BADGES.get(level, _NOT_RATED) if level else _NOT_RATED


def source_label(source) -> str:
    return SOURCE_LABELS[str(getattr(source, "value", source))]


@dataclass
class CompetencyRow:
    competency: Any
    self_rating: Any | None
    current_rating: Any | None
    history: list = field(default_factory=list)  # newest first
    modules: list[tuple[str, str]] = field(default_factory=list)

    @property
    def self_level(self) -> int | None:
        return self.self_rating.level if self.self_rating else None

    @property
    def current_level(self) -> int | None:
        return self.current_rating.level if self.current_rating else None

    @property
    def gap(self) -> Gap | None:
        return gap(self.self_level, self.current_level)

    @property
    def competent(self) -> bool:
        return (self.current_level or 0) >= COMPETENT

    @property
    def awaiting_supervisor(self) -> bool:
        return awaits_supervisor(self.self_rating, self.current_rating)


def awaits_supervisor(self_rating: Any | None, current_rating: Any | None) -> bool:
    """A self-assessment the supervisor has not yet answered with a rating of their own."""
    if self_rating is None:
        return False
    if current_rating is None:
        return True
    return (self_rating.rated_at, self_rating.id) > (current_rating.rated_at, current_rating.id)


@dataclass(frozen=True)
class Tally:
    competent: int
    total: int
    awaiting: int


def tally(
    competency_ids: list[int], ratings: list[Any], current: dict[int, Any] | None = None
) -> Tally:
    """A person's counts as their profile's rows give them (competent, awaiting a supervisor),
    by the same rules, without building the rows: the supervisor's overview wants only these
    three numbers for each of their supervisees. `current`: the ratings' current_ratings, when
    the caller has worked them out already."""
    self_latest = latest(ratings, self_ratings=True)
    if current is None:
        current = current_level.current_ratings(ratings)
    competent = sum(1 for c in competency_ids if c in current and current[c].level >= COMPETENT)
    awaiting = sum(
        1 for c in competency_ids if awaits_supervisor(self_latest.get(c), current.get(c))
    )
    return Tally(competent, len(competency_ids), awaiting)


@dataclass
class CategoryRow:
    category: Any
    rows: list[CompetencyRow]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def competent_count(self) -> int:
        return sum(1 for r in self.rows if r.competent)

    @property
    def unrated_count(self) -> int:
        return sum(1 for r in self.rows if r.current_level is None)

    @property
    def lowest(self) -> int | None:
        """The category's level: its weakest competency, once all are rated."""
        levels = [r.current_level for r in self.rows]
        if not levels or any(level is None for level in levels):
            return None
        return min(levels)

    @property
    def met(self) -> bool:
        """Met when every competency in the category has a current level of competent or above."""
        return bool(self.rows) and all(r.competent for r in self.rows)

    @property
    def gap_count(self) -> int:
        return sum(1 for r in self.rows if r.gap is not None)


def build_profile(
    framework: Iterable[Any],
    ratings: list[Any],
    modules_by_code: dict[str, list[tuple[str, str]]],
) -> list[CategoryRow]:
    """One row per category and competency, from ratings ordered oldest first."""
    self_latest = latest(ratings, self_ratings=True)
    current = current_level.current_ratings(ratings)
    history: dict[int, list] = {}
    for rating in ratings:
        history.setdefault(rating.competency_id, []).append(rating)
    result = []
    for category in framework:
        rows = [
            CompetencyRow(
                competency=c,
                self_rating=self_latest.get(c.id),
                current_rating=current.get(c.id),
                history=list(reversed(history.get(c.id, []))),
                modules=modules_by_code.get(c.code, []),
            )
            for c in category.competencies
        ]
        result.append(CategoryRow(category=category, rows=rows))
    return result
