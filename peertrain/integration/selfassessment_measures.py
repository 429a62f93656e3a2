"""Live evidence beside self-assessment items: each measure reads the reports' own queries,
states its figures in words, and says the highest rating the records support (and why)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy.orm import Session

from ..formatting import short_date
from ..models import CancelReason, FlagKind
from ..reports import queries
from ..reports.filters import Filters
from ..reports.labels import CANCEL_REASONS, FLAG_KINDS
from ..reports.queries import Targets
from ..reports.queries.base import DAYS_PER_QUARTER, pct
from . import selfassessment_queries as own

INTEGRATION_KINDS = (
    FlagKind.EXCLUDED_FROM_TEAM,
    FlagKind.NO_ACCESS_TO_INFORMATION,
    FlagKind.VALUES_TENSION,
)


@dataclass(frozen=True)
class Evidence:
    figures: str  # what the records say, in a sentence
    supports: int | None  # the highest rating they support; None: they cannot say
    report: str | None = None  # the reports page with the detail


class Figures:
    """The report figures for one period and set of teams, each read once however many items
    and measures use it."""

    def __init__(self, session: Session, f: Filters, t: Targets):
        self.session, self.f, self.t = session, f, t

    @cached_property
    def coverage(self) -> dict:
        rows = queries.coverage_by_team(self.session, self.f, self.t)
        keys = ("workers", "seen", "overdue", "unsupervised", "supervised", "peer_supervised")
        return {k: sum(r[k] for r in rows) for k in keys}

    @cached_property
    def load(self) -> list[dict]:
        return queries.supervisor_load(self.session, self.f, self.t)

    @cached_property
    def cancellations(self) -> list[dict]:
        return queries.cancellations(self.session, self.f)

    @cached_property
    def flags(self) -> dict[FlagKind, int]:
        out: dict[FlagKind, int] = {}
        for r in queries.flags_by_team_kind(self.session, self.f):
            out[r["kind"]] = out.get(r["kind"], 0) + r["flags"]
        return out

    @cached_property
    def overdue_modules(self) -> int:
        rows = queries.modules_overdue_by_team(self.session, self.f, self.t)
        return sum(r["workers_overdue"] for r in rows)

    def flag_rate(self, kind: FlagKind) -> float | None:
        """Flags per worker per quarter, as the flags report defines it."""
        n = self.coverage["workers"]
        return (
            round(self.flags.get(kind, 0) / n / (self.f.days / DAYS_PER_QUARTER), 2) if n else None
        )


def _three_two(value: float, three: float, two: float, *, higher_is_better: bool) -> int:
    if higher_is_better:
        return 3 if value >= three else 2 if value >= two else 1
    return 3 if value <= three else 2 if value <= two else 1


def coverage(x: Figures) -> Evidence:
    c = x.coverage
    if not c["workers"]:
        return Evidence("No peer workers in these teams yet.", None, "coverage")
    overdue = pct(c["overdue"], c["workers"])
    text = (
        f"{c['seen']} of {c['workers']} workers ({pct(c['seen'], c['workers'])} %) seen within "
        f"their supervision interval; {c['overdue']} overdue ({overdue} %); "
        f"{c['unsupervised']} with no current supervisor."
    )
    supports = 1 if overdue >= 25 else 2 if overdue >= 10 or c["unsupervised"] else 3
    return Evidence(text, supports, "coverage")


def ratio(x: Figures) -> Evidence:
    sups = [r for r in x.load if r["supervisees"] or r["fte"]]
    if not sups:
        none = "No supervisors in these teams"
        return Evidence(none + ".", 1 if x.coverage["workers"] else None, "load")
    over = [r for r in sups if r["over"]]
    far = [r for r in over if r["load_fte"] >= 1.5 * r["capacity_fte"]]
    top = max((r["load_pct"] or 0) for r in sups)
    text = (
        f"{len(over)} of {len(sups)} supervisors over the ratio of {x.t.ratio_max:g} FTE of "
        f"supervisees per full-time supervisor ({len(far)} at 1.5 times it or more); the "
        f"highest load is {top:g} % of capacity."
    )
    return Evidence(text, 1 if far else 2 if over else 3, "load")


def lived_experience(x: Figures) -> Evidence:
    c = x.coverage
    if not c["supervised"]:
        return Evidence("No worker has a current supervisor yet.", None, "coverage")
    share = pct(c["peer_supervised"], c["supervised"])
    target = x.t.lived_share_min
    text = (
        f"{c['peer_supervised']} of {c['supervised']} supervised workers ({share} %) have a "
        f"supervisor with lived experience; the target is at least {target:g} %."
    )
    return Evidence(text, _three_two(share, target, target / 2, higher_is_better=True), "coverage")


def cancellations(x: Figures) -> Evidence:
    held = sum(r["held"] for r in x.cancellations)
    cancelled = sum(r["cancelled"] for r in x.cancellations)
    if not held + cancelled:
        return Evidence("No supervision sessions recorded in the period.", None, "cancellations")
    reasons: dict[CancelReason, int] = {}
    for r in x.cancellations:
        for reason, n in r["reasons"]:
            reasons[reason] = reasons.get(reason, 0) + n
    rate = pct(cancelled, held + cancelled)
    service = reasons.get(CancelReason.SERVICE_DEMANDS, 0)
    top = sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0].value))[:2]
    named = ", ".join(f"{CANCEL_REASONS[k].lower()} {n}" for k, n in top) or "none"
    text = (
        f"{cancelled} of {held + cancelled} sessions cancelled ({rate} %; the threshold is "
        f"{x.t.cancellation_rate_max:g} %), {service} for service demands; main reasons: {named}."
    )
    m = x.t.cancellation_rate_max
    return Evidence(text, _three_two(rate, m, 2 * m, higher_is_better=False), "cancellations")


def _flags(x: Figures, kinds: tuple[FlagKind, ...]) -> Evidence:
    if not x.coverage["workers"]:
        return Evidence("No peer workers in these teams yet.", None, "flags")
    rates = {k: x.flag_rate(k) for k in kinds}
    parts = [f"{FLAG_KINDS[k].lower()} {x.flags.get(k, 0)} ({rates[k]:g} a worker a quarter)"
             for k in kinds]  # fmt: skip
    worst = max(rates.values())
    m = x.t.flag_rate_max
    text = f"Flags raised in supervision: {'; '.join(parts)}. The threshold is {m:g} of one kind."
    return Evidence(text, _three_two(worst, m, 2 * m, higher_is_better=False), "flags")


def role_drift_flags(x: Figures) -> Evidence:
    return _flags(x, (FlagKind.ROLE_DRIFT,))


def integration_flags(x: Figures) -> Evidence:
    return _flags(x, INTEGRATION_KINDS)


def training_overdue(x: Figures) -> Evidence:
    n = x.coverage["workers"]
    if not n:
        return Evidence("No peer workers in these teams yet.", None, "training")
    late = x.overdue_modules
    share = pct(late, n)
    text = (
        f"{late} of {n} workers ({share} %) are past the due date with required modules not done."
    )
    return Evidence(text, 3 if not late else 2 if share < 20 else 1, "training")


def supervisor_pathway(x: Figures) -> Evidence:
    p = own.supervisor_pathway(x.session, x.f)
    if not p["supervisors"] or not p["modules"]:
        return Evidence("No supervisors, or no required supervisor modules, yet.", None)
    share = pct(p["complete"], p["supervisors"])
    text = (
        f"{p['complete']} of {p['supervisors']} supervisors ({share} %) have completed all "
        f"{p['modules']} required modules of the peer-supervisor pathway."
    )
    return Evidence(text, 3 if share == 100 else 2 if share >= 50 else 1)


def role_drift_log(x: Figures) -> Evidence:
    if not own.drift_log_available(x.session):
        return Evidence("Not recorded yet: peer workers' own role-drift log is not in use.", None)
    # The log's own counts, with its small-group suppression (the other part of issue 16).
    from .drift_queries import drift_counts

    rows = drift_counts(x.session, x.f)
    shown = [r for r in rows if not isinstance(r["entries"], str)]
    if not rows:
        return Evidence("No peer workers in these teams yet.", None)
    entries = sum(r["entries"] for r in shown)
    start, end = short_date(rows[0]["start"]), short_date(rows[0]["end"])
    text = f"{entries} entries in peer workers' role-drift logs, {start} to {end}"
    hidden = len(rows) - len(shown)
    if hidden:
        teams = f"{hidden} team{'s' if hidden > 1 else ''}"
        text += f" ({teams} with fewer than 5 workers behind its entries not shown)"
    return Evidence(text + ".", 3 if entries else 2)


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    rule: str  # when a rating is higher than the records support, in words
    compute: Callable[[Figures], Evidence]


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in [
        Measure("supervision_coverage", "Supervision coverage",
                "3 needs every worker with a supervisor and under 10 % overdue; 2 needs under "
                "25 % overdue (the dashboard's medium and high thresholds).", coverage),
        Measure("supervision_ratio", "Supervisor ratio",
                "3 needs no supervisor over the ratio; 2 needs none at 1.5 times it or more.",
                ratio),
        Measure("lived_experience_supervision", "Supervised by someone with lived experience",
                "3 needs the share at or above the target; 2 needs at least half the target.",
                lived_experience),
        Measure("cancellations", "Cancelled supervision",
                "3 needs the cancellation rate at or under the threshold; 2 at most twice it.",
                cancellations),
        Measure("role_drift_flags", "Role-drift flags",
                "3 needs role-drift flags at or under the flag threshold; 2 at most twice it.",
                role_drift_flags),
        Measure("integration_flags", "Integration flags",
                "3 needs every integration flag kind (excluded from the team, no access to "
                "information, values tension) at or under the threshold; 2 at most twice it.",
                integration_flags),
        Measure("training_overdue", "Required training overdue",
                "3 needs no worker past due with required modules; 2 needs under 20 % (the "
                "dashboard's medium threshold).", training_overdue),
        Measure("supervisor_pathway", "Supervisor pathway completion",
                "3 needs every supervisor to have completed the pathway; 2 needs at least half.",
                supervisor_pathway),
        Measure("role_drift_log", "Role-drift log entries",
                "3 needs the log in use: entries shown in the whole quarters covered; with none, "
                "at most 2.", role_drift_log),
    ]
}  # fmt: skip
