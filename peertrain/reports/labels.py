"""Human words for stored codes, and the one cell formatter shared by HTML tables and CSV."""

from __future__ import annotations

import enum
from datetime import date, datetime

from ..formatting import short_date
from ..models import CancelReason, CertificationStage, FlagKind

FLAG_KINDS = {
    FlagKind.ROLE_DRIFT: "Role drift",
    FlagKind.VALUES_TENSION: "Peer values tension",
    FlagKind.EXCLUDED_FROM_TEAM: "Excluded from the team",
    FlagKind.NO_ACCESS_TO_INFORMATION: "No access to information",
    FlagKind.WORKLOAD: "Workload",
    FlagKind.WELLBEING: "Wellbeing",
    FlagKind.SUPERVISION_NOT_RESOURCED: "Supervision not resourced",
}

# Which failure mode a flag points at: being kept out of, or pulled away from, the peer role
# (integration) or not being given the time and support to do it (resourcing).
FLAG_FINDING_KIND = {
    FlagKind.ROLE_DRIFT: "integration",
    FlagKind.VALUES_TENSION: "integration",
    FlagKind.EXCLUDED_FROM_TEAM: "integration",
    FlagKind.NO_ACCESS_TO_INFORMATION: "integration",
    FlagKind.WORKLOAD: "resourcing",
    FlagKind.WELLBEING: "resourcing",
    FlagKind.SUPERVISION_NOT_RESOURCED: "resourcing",
}

CANCEL_REASONS = {
    CancelReason.SUPERVISOR_UNAVAILABLE: "Supervisor unavailable",
    CancelReason.SUPERVISEE_UNAVAILABLE: "Worker unavailable",
    CancelReason.SERVICE_DEMANDS: "Service demands",
    CancelReason.NO_TIME_OR_ROOM: "No time or room",
    CancelReason.OTHER: "Other",
}

NO_TEAM = "No team"


def team_name(name: str | None) -> str:
    return name if name is not None else NO_TEAM


def label(value) -> str:
    """The words for an enum value (flag kind, reason, stage); other values unchanged."""
    if isinstance(value, FlagKind):
        return FLAG_KINDS[value]
    if isinstance(value, CancelReason):
        return CANCEL_REASONS[value]
    if isinstance(value, CertificationStage):
        return value.label
    if isinstance(value, enum.Enum):
        return str(value.value)
    return value


def cell(value) -> str:
    """How a value is written in a table cell and in CSV: identical on purpose, so an export
    always matches the page. Shares are percentages to one decimal place."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, enum.Enum):
        return label(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)  # floats arrive already rounded by the query functions


day = short_date  # a date in a finding's sentence reads as it does on every page
