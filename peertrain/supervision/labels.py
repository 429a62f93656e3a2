"""Words people read for the supervision enums (the stored values stay machine keys)."""

from __future__ import annotations

from ..models import TOPICS, CancelReason, FlagKind, SessionFormat, SessionSetting, SessionStatus

FORMATS = {
    SessionFormat.INDIVIDUAL: "Individual",
    SessionFormat.GROUP: "Group",
    SessionFormat.CO_REFLECTION: "Co-reflection",
}
FORMAT_HINTS = {
    SessionFormat.INDIVIDUAL: "one supervisee",
    SessionFormat.GROUP: "two or more supervisees",
    SessionFormat.CO_REFLECTION: "peers reflecting together, with you facilitating",
}
SETTINGS = {SessionSetting.IN_PERSON: "In person", SessionSetting.REMOTE: "Remote"}
STATUSES = {SessionStatus.HELD: "Held", SessionStatus.CANCELLED: "Cancelled"}
CANCEL_REASONS = {
    CancelReason.SUPERVISOR_UNAVAILABLE: "Supervisor unavailable",
    CancelReason.SUPERVISEE_UNAVAILABLE: "Supervisee unavailable",
    CancelReason.SERVICE_DEMANDS: "Service demands",
    CancelReason.NO_TIME_OR_ROOM: "No time or room allocated",
    CancelReason.OTHER: "Other",
}
FLAGS = {
    FlagKind.ROLE_DRIFT: "Role drift",
    FlagKind.VALUES_TENSION: "Values tension",
    FlagKind.EXCLUDED_FROM_TEAM: "Excluded from team processes",
    FlagKind.NO_ACCESS_TO_INFORMATION: "No access to information needed for the role",
    FlagKind.WORKLOAD: "Workload",
    FlagKind.WELLBEING: "Wellbeing concern",
    FlagKind.SUPERVISION_NOT_RESOURCED: "Supervision not resourced",
}


def for_templates() -> dict:
    return {
        "FORMAT_LABELS": FORMATS,
        "SETTING_LABELS": SETTINGS,
        "STATUS_LABELS": STATUSES,
        "CANCEL_LABELS": CANCEL_REASONS,
        "FLAG_LABELS": FLAGS,
        "TOPIC_LABELS": TOPICS,
    }
