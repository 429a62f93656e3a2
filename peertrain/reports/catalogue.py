"""The reports: for each, its title, definitions and how to build its tables and charts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from .filters import Filters
from .queries import Targets
from .report_certification import expiring_definitions, expiring_report
from .report_flags import flag_definitions, flags_report
from .report_supervision import (
    cancellation_definitions,
    cancellations_report,
    coverage_definitions,
    coverage_report,
    load_definitions,
    load_report,
)
from .report_training import (
    competency_definitions,
    competency_report,
    training_definitions,
    training_report,
)
from .tables import ReportData


@dataclass(frozen=True)
class Report:
    name: str
    title: str
    summary: str
    definitions: Callable[[Targets, Filters], list[str]]
    build: Callable[[Session, Filters, Targets], ReportData]


REPORTS: dict[str, Report] = {
    r.name: r
    for r in [
        Report(
            "coverage",
            "Supervision coverage",
            "Who was seen within target, who is overdue, hours per FTE and the 12-month trend.",
            coverage_definitions,
            coverage_report,
        ),
        Report(
            "load",
            "Supervisor load",
            "Supervisee FTE against each supervisor's capacity.",
            load_definitions,
            load_report,
        ),
        Report(
            "cancellations",
            "Cancellations",
            "Cancelled supervision by team and reason.",
            cancellation_definitions,
            cancellations_report,
        ),
        Report(
            "flags",
            "Flags",
            "Integration and resourcing flags by kind, team and quarter, with manager summaries.",
            flag_definitions,
            flags_report,
        ),
        Report(
            "training",
            "Training completion",
            "Module completion by team, and overdue required modules.",
            training_definitions,
            training_report,
        ),
        Report(
            "competency",
            "Competency",
            "Heat map of competent-or-above by team and category.",
            competency_definitions,
            competency_report,
        ),
        Report(
            "expiring",
            "Certifications expiring",
            "Certifications expiring in the next 90 days, by team.",
            expiring_definitions,
            expiring_report,
        ),
    ]
}
