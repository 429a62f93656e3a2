"""The drill-down lists behind findings and table numbers: names and dates, never notes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..inputs import record_id
from ..models import CancelReason, FlagKind
from .filters import Filters
from .labels import day
from .queries import Targets, evidence, evidence_records
from .tables import Column


@dataclass(frozen=True)
class EvidenceList:
    title: str
    explain: Callable[[Targets, Filters], str]
    columns: list[Column]
    query: Callable
    # The one optional narrowing argument this list accepts, and how to check its value.
    param: str | None = None
    parse: Callable[[str], object] | None = None


def _int(value: str) -> int:
    number = record_id(value)
    if number is None:
        raise ValueError(value)
    return number


def _slug(value: str) -> str:
    if not value or len(value) > 100 or not all(c.isalnum() or c in "-_" for c in value):
        raise ValueError(value)
    return value


EVIDENCE: dict[str, EvidenceList] = {
    "overdue": EvidenceList(
        "Workers overdue for supervision",
        lambda t, f: (
            f"No held supervision session in the {t.interval_new_days} days (in "
            f"training or first year) or {t.interval_days} days (others) up to {day(f.end)}."
        ),
        [
            Column("worker", "Worker"),
            Column("team", "Team"),
            Column("start_date", "Started"),
            Column("last_held", "Last held session"),
            Column("interval_days", "Interval (days)", num=True),
            Column("due", "Was due"),
        ],
        evidence.overdue,
    ),
    "unsupervised": EvidenceList(
        "Workers with no current supervisor",
        lambda t, f: f"No supervision assignment in force on {day(f.end)}.",
        [
            Column("worker", "Worker"),
            Column("team", "Team"),
            Column("start_date", "Started"),
            Column("last_assignment_ended", "Last assignment ended"),
        ],
        evidence.unsupervised,
    ),
    "lived-experience": EvidenceList(
        "Workers whose supervisors do not have lived experience",
        lambda t, f: (
            f"Supervised workers on {day(f.end)} none of whose current supervisors "
            "has lived experience."
        ),
        [
            Column("worker", "Worker"),
            Column("team", "Team"),
            Column("supervisor", "Current supervisor"),
            Column("since", "Supervised since"),
        ],
        evidence.lived_experience,
    ),
    "load": EvidenceList(
        "Supervisors over ratio and their supervisees",
        lambda t, f: (
            f"Supervisors whose supervisees' FTE exceeds {t.ratio_max:g} × their own "
            f"FTE on {day(f.end)} (or the one supervisor chosen), with their supervisees in your "
            "teams."
        ),
        [
            Column("supervisor", "Supervisor"),
            Column("supervisor_fte", "Supervisor FTE", num=True),
            Column("worker", "Supervisee"),
            Column("team", "Team"),
            Column("worker_fte", "Supervisee FTE", num=True),
            Column("since", "Supervised since"),
        ],
        evidence.load,
        "supervisor",
        _int,
    ),
    "cancelled": EvidenceList(
        "Cancelled supervision sessions",
        lambda t, f: (
            f"Sessions cancelled between {day(f.start)} and {day(f.end)}, one row per "
            "worker in them. Cancellation notes are not shown."
        ),
        [
            Column("date", "Date"),
            Column("supervisor", "Supervisor"),
            Column("worker", "Worker"),
            Column("team", "Team"),
            Column("reason", "Reason"),
        ],
        evidence_records.cancelled,
        "reason",
        CancelReason,
    ),
    "flags": EvidenceList(
        "Flags raised in supervision",
        lambda t, f: (
            f"Flags from sessions between {day(f.start)} and {day(f.end)}, with the "
            "summary the supervisor wrote for managers (if any). Session notes are never shown. "
            "Wellbeing concerns are never listed: the flags report counts them, unnamed."
        ),
        [
            Column("date", "Date"),
            Column("team", "Team"),
            Column("kind", "Kind"),
            Column("worker", "Worker"),
            Column("summary", "Summary for managers"),
        ],
        evidence_records.flags,
        "kind",
        FlagKind,
    ),
    "modules": EvidenceList(
        "Required modules overdue",
        lambda t, f: (
            f"Required modules not completed by {day(f.end)} by workers who started "
            f"more than {t.modules_due_days} days before it."
        ),
        [
            Column("worker", "Worker"),
            Column("team", "Team"),
            Column("start_date", "Started"),
            Column("module", "Module"),
            Column("due", "Was due"),
        ],
        evidence_records.modules,
        "module",
        _slug,
    ),
    "competency": EvidenceList(
        "Competencies below competent",
        lambda t, f: (
            "Current levels (latest supervisor or observation rating on or before "
            f"{day(f.end)}) below 3. Rating notes and observation text are not shown."
        ),
        [
            Column("worker", "Worker"),
            Column("team", "Team"),
            Column("category", "Category"),
            Column("competency", "Competency"),
            Column("level", "Level", num=True),
            Column("rated_on", "Rated on"),
        ],
        evidence_records.competency,
        "category",
        _slug,
    ),
    "new-starters": EvidenceList(
        "New workers with little supervision",
        lambda t, f: (
            f"Workers who started in the 60 days up to {day(f.end)} with fewer than "
            f"{t.hours_before_contact:g} hours of held supervision."
        ),
        [
            Column("worker", "Worker"),
            Column("team", "Team"),
            Column("start_date", "Started"),
            Column("hours", "Supervised hours", num=True),
        ],
        evidence.new_starters,
    ),
}
