"""When a supervisee's next supervision is due: a small pure rule, tested on its own.

Who is new and which interval applies are one rule for every page and report
(peertrain/rules/first_year.py); this module only adds the due date and days overdue."""

from __future__ import annotations

from datetime import date, timedelta

from ..models import CertificationStage
from ..rules.first_year import Intervals, interval_days, is_new_worker

__all__ = ["Intervals", "days_overdue", "interval_days", "is_new_worker", "next_due"]


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
