"""When a supervisee's next supervision is due: a small pure rule, tested on its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..models import CertificationStage

FIRST_YEAR_DAYS = 365


@dataclass(frozen=True)
class Intervals:
    """The two targets, read once per page from the admin's settings."""

    new_days: int = 14
    days: int = 30


def is_new_worker(
    stage: CertificationStage | str | None, start_date: date | None, on: date
) -> bool:
    """Trainees and anyone in their first year get the shorter interval."""
    if stage is not None and CertificationStage(stage) == CertificationStage.IN_TRAINING:
        return True
    return start_date is not None and (on - start_date).days < FIRST_YEAR_DAYS


def interval_days(
    stage: CertificationStage | str | None, start_date: date | None, on: date, intervals: Intervals
) -> int:
    return intervals.new_days if is_new_worker(stage, start_date, on) else intervals.days


def next_due(
    *,
    last_held: date | None,
    assigned_since: date,
    stage: CertificationStage | str | None,
    start_date: date | None,
    on: date,
    intervals: Intervals,
) -> date:
    """The interval counts from the last held session; someone never supervised counts from
    the start of their assignment, so a new supervisee is not overdue on day one."""
    since = last_held if last_held is not None else assigned_since
    return since + timedelta(days=interval_days(stage, start_date, on, intervals))


def days_overdue(due: date, on: date) -> int:
    """Zero when not yet due; otherwise whole days past the due date."""
    return max(0, (on - due).days)
