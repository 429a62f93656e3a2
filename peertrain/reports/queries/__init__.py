"""Report queries: pure functions of (session, filters[, targets]) returning plain rows.

All counting and summing happens in SQL (GROUP BY, window functions); Python only divides
the totals into shares and rates. The same statements run on SQLite and PostgreSQL."""

from . import evidence, evidence_records
from .base import Targets, teams_for_filter
from .competency import categories, heat_map
from .coverage import coverage_by_team, new_starters_by_team
from .flags import flags_by_quarter, flags_by_team_kind, manager_summaries
from .resourcing import cancellations, supervisor_load
from .training import module_completion, modules_overdue_by_team
from .trend import monthly_trend

__all__ = [
    "Targets",
    "cancellations",
    "categories",
    "coverage_by_team",
    "evidence",
    "evidence_records",
    "flags_by_quarter",
    "flags_by_team_kind",
    "heat_map",
    "manager_summaries",
    "module_completion",
    "modules_overdue_by_team",
    "monthly_trend",
    "new_starters_by_team",
    "supervisor_load",
    "teams_for_filter",
]
