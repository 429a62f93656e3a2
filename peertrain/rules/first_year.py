"""First year at work and the supervision interval it sets: Python and SQL forms together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case

from ..models import CertificationStage
from ..targets import TARGETS, get_target

# "In the first year" means fewer than 365 days since the start date: day 365 is the first
# day of year two (the supervisor's page always counted so; the reports once counted day 365
# as year one, see README "One rule, one place").
FIRST_YEAR_DAYS = 365
NEW_KEY, KEY = "supervision_interval_new_days", "supervision_interval_days"


@dataclass(frozen=True)
class Intervals:
    """The two supervision intervals; the defaults are the targets' documented defaults."""

    new_days: int = int(TARGETS[NEW_KEY].default)
    days: int = int(TARGETS[KEY].default)

    @classmethod
    def load(cls) -> Intervals:
        """The admin's values (peertrain/targets.py), read when a page needs them."""
        return cls(new_days=int(get_target(NEW_KEY)), days=int(get_target(KEY)))


def year_before(on: date) -> date:
    """A start date after this day is still in its first year on `on`."""
    return on - timedelta(days=FIRST_YEAR_DAYS)


def _in_training(stage) -> bool:
    return stage is not None and CertificationStage(stage) == CertificationStage.IN_TRAINING


def is_new_worker(
    stage: CertificationStage | str | None, start_date: date | None, on: date
) -> bool:
    """Python form: in training, or fewer than 365 days since the start date."""
    return _in_training(stage) or (start_date is not None and start_date > year_before(on))


def is_new_worker_sql(stage_col, start_col, before):
    """SQL form of is_new_worker. `before` is year_before(on), as a date or as a date column
    (the monthly trend carries one per month). Never NULL: an unknown start is not new."""
    in_training = stage_col == CertificationStage.IN_TRAINING
    return case((in_training, True), (start_col > before, True), else_=False)


def interval_days(
    stage: CertificationStage | str | None, start_date: date | None, on: date, intervals: Intervals
) -> int:
    """Python form: the interval that applies to this worker on this day."""
    return intervals.new_days if is_new_worker(stage, start_date, on) else intervals.days


def interval_days_sql(stage_col, start_col, before, intervals: Intervals):
    """SQL form of interval_days, the days as bound numbers."""
    new = is_new_worker_sql(stage_col, start_col, before)
    return case((new, intervals.new_days), else_=intervals.days)
