"""The rules that turn figures into gap findings, each with its numbers and its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from . import queries
from .filters import Filters
from .labels import CANCEL_REASONS, FLAG_FINDING_KIND, FLAG_KINDS, day, team_name
from .parallel import gather
from .queries import Targets

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
KINDS = ("integration", "resourcing", "training", "competency")


@dataclass(frozen=True)
class Finding:
    kind: str  # integration / resourcing / training / competency
    severity: str  # high / medium / low
    team: str
    title: str
    sentence: str  # the numbers behind it, in words
    evidence: str  # which drill-down list shows the people behind it
    evidence_args: dict = field(default_factory=dict)
    # How far past the threshold, in percentage points (of a share, or of the target), to
    # order findings of equal severity.
    score: float = 0.0

    @property
    def key(self) -> str:
        """Stable across periods and views, so work on a finding follows it: the rule (its
        evidence list), then what it is about, e.g. ``competency:CRI:team-3``, ``load:user-12``."""
        args = self.evidence_args
        parts = [self.evidence]
        parts += [str(v) for k, v in sorted(args.items()) if k not in ("team", "supervisor")]
        if "supervisor" in args:
            parts.append(f"user-{args['supervisor']}")
        if "team" in args:
            parts.append(f"team-{'none' if args['team'] is None else args['team']}")
        return ":".join(parts)

    @property
    def sort_key(self):
        return (SEVERITY_ORDER[self.severity], -self.score, self.team, self.kind, self.title)


def _of(part: int, whole: int, noun: str, plural: str | None = None) -> str:
    return f"{part} of {whole} {noun if whole == 1 else plural or noun + 's'}"


def _pct(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _by_share(share: float, high: float, medium: float) -> str:
    return "high" if share >= high else "medium" if share >= medium else "low"


def supervision_findings(coverage: list[dict], f: Filters, t: Targets) -> list[Finding]:
    """Workers overdue for supervision; workers with no current supervisor; and the share of
    supervised workers whose supervisor has lived experience, below its target."""
    out = []
    for r in coverage:
        team = team_name(r["team"])
        if r["overdue"]:
            share = _pct(r["overdue"], r["workers"])
            out.append(
                Finding(
                    "resourcing",
                    _by_share(share, 25, 10),
                    team,
                    "Overdue for supervision",
                    f"{_of(r['overdue'], r['workers'], 'worker')} ({share}%) had no held "
                    f"supervision in the {t.interval_new_days} days (trainees and first-year "
                    f"workers) or {t.interval_days} days (others) before {day(f.end)}.",
                    "overdue",
                    {"team": r["team_id"]},
                    share,
                )
            )
        if r["unsupervised"]:
            out.append(
                Finding(
                    "resourcing",
                    "high",
                    team,
                    "No current supervisor",
                    f"{_of(r['unsupervised'], r['workers'], 'worker')} had no supervisor "
                    f"assigned on {day(f.end)}.",
                    "unsupervised",
                    {"team": r["team_id"]},
                    _pct(r["unsupervised"], r["workers"]),
                )
            )
        share = r["share_peer"]
        if share is not None and share < t.lived_share_min:
            out.append(
                Finding(
                    "integration",
                    "high" if share < t.lived_share_min / 2 else "medium",
                    team,
                    "Few supervisors with lived experience",
                    f"{_of(r['peer_supervised'], r['supervised'], 'supervised worker')} "
                    f"({share}%) had a supervisor with lived experience on {day(f.end)}; "
                    f"the target is at least {t.lived_share_min:g}%.",
                    "lived-experience",
                    {"team": r["team_id"]},
                    round(t.lived_share_min - share, 1),
                )
            )
    return out


def _where(f: Filters | None) -> str:
    if f is None or f.teams is None:
        return "counted in these reports"
    return "in this team" if len(f.teams) == 1 else "in your teams"


def _supervises(r: dict, f: Filters | None) -> str:
    """How many the supervisor supervises. Filtered to some teams, the share in them comes
    first, so the sentence matches its evidence list (which names only those workers)."""
    n, shown = r["supervisees"], r.get("supervisees_in_scope", r["supervisees"])
    if shown == n:
        return f"{n} worker{'s' if n != 1 else ''}"
    return f"{shown} worker{'s' if shown != 1 else ''} {_where(f)}, {n} in all,"


def load_findings(load: list[dict], t: Targets, f: Filters | None = None) -> list[Finding]:
    """One finding per supervisor whose supervisees' FTE exceeds ratio × their own FTE. The
    load is the supervisor's whole load; the finding belongs to the supervisor's team, or,
    for a supervisor based outside the teams covered, to the team of the workers affected."""
    out = []
    for r in load:
        if not r["over"]:
            continue
        team = r["team"] if r.get("team_in_scope", True) else r["scope_team"]
        out.append(
            Finding(
                "resourcing",
                "high" if r["load_fte"] >= 1.5 * r["capacity_fte"] else "medium",
                team_name(team),
                "Supervisor over ratio",
                f"{r['supervisor']} ({r['fte']:g} FTE) supervises {_supervises(r, f)} "
                f"totalling {r['load_fte']:g} FTE, "
                f"against a capacity of {r['capacity_fte']:g} FTE ({t.ratio_max:g} per full-time "
                f"supervisor): {r['load_pct']}% of capacity.",
                "load",
                {"supervisor": r["supervisor_id"]},
                round((r["load_pct"] or 0.0) - 100, 1),
            )
        )
    return out


def cancellation_findings(rows: list[dict], f: Filters, t: Targets) -> list[Finding]:
    out = []
    for r in rows:
        if not r["sessions"] or r["rate"] <= t.cancellation_rate_max:
            continue
        reasons = ", ".join(f"{CANCEL_REASONS[k].lower()} ({n})" for k, n in r["reasons"][:2])
        out.append(
            Finding(
                "resourcing",
                "high" if r["rate"] >= 2 * t.cancellation_rate_max else "medium",
                team_name(r["team"]),
                "Supervision often cancelled",
                f"{_of(r['cancelled'], r['sessions'], 'supervision session')} ({r['rate']}%) "
                f"between {day(f.start)} and {day(f.end)} were cancelled; the threshold is "
                f"{t.cancellation_rate_max:g}%. Main reasons: {reasons}.",
                "cancelled",
                {"team": r["team_id"]},
                round(r["rate"] - t.cancellation_rate_max, 1),
            )
        )
    return out


def flag_findings(now: list[dict], before: list[dict], f: Filters, t: Targets) -> list[Finding]:
    """Flag rate per worker per quarter above the target, by kind, with the trend against the
    previous period of the same length."""
    previous = {(r["team_id"], r["kind"]): r["rate"] for r in before}
    out = []
    for r in now:
        if r["rate"] <= t.flag_rate_max:
            continue
        was = previous.get((r["team_id"], r["kind"]), 0.0)
        trend = "rising" if r["rate"] > was else "falling" if r["rate"] < was else "unchanged"
        kind = FLAG_KINDS[r["kind"]]
        out.append(
            Finding(
                FLAG_FINDING_KIND[r["kind"]],
                "high" if r["rate"] >= 2 * t.flag_rate_max else "medium",
                team_name(r["team"]),
                f"Flags: {kind.lower()}",
                f"{r['flags']} '{kind.lower()}' flag{'s' if r['flags'] != 1 else ''} in the "
                f"{f.days} days to {day(f.end)} among {r['workers']} workers: {r['rate']:g} per "
                f"worker per quarter (at most {t.flag_rate_max:g}). The {f.days} days before: "
                f"{was:g} ({trend}).",
                "flags",
                {"team": r["team_id"], "kind": r["kind"].value},
                round((r["rate"] / t.flag_rate_max - 1) * 100, 1) if t.flag_rate_max else 100.0,
            )
        )
    return out


def training_findings(overdue: list[dict], starters: list[dict], t: Targets) -> list[Finding]:
    out = []
    for r in overdue:
        share = _pct(r["workers_overdue"], r["team_workers"])
        out.append(
            Finding(
                "training",
                _by_share(share, 50, 20),
                team_name(r["team"]),
                "Required modules overdue",
                f"{_of(r['workers_overdue'], r['team_workers'], 'worker')} ({share}%) had not "
                f"completed every required module {t.modules_due_days} days after starting "
                f"({r['pairs']} module{'s' if r['pairs'] != 1 else ''} outstanding in all).",
                "modules",
                {"team": r["team_id"]},
                share,
            )
        )
    for r in starters:
        if not r["under"]:
            continue
        out.append(
            Finding(
                "training",
                "low",
                team_name(r["team"]),
                "New workers with little supervision",
                f"{_of(r['under'], r['starters'], 'worker')} who started in the last 60 days "
                f"had fewer than {t.hours_before_contact:g} hours of supervision, the target "
                "before first client contact. PeerTrain does not record first contact: check "
                "they are not yet working with people alone.",
                "new-starters",
                {"team": r["team_id"]},
                _pct(r["under"], r["starters"]),
            )
        )
    return out


def competency_findings(cells: list[dict], t: Targets) -> list[Finding]:
    out = []
    for r in cells:
        share = r["share_competent"]
        if share is None or share >= t.competent_share_min:
            continue
        rated = _of(r["competent"], r["rated"], "rated competency", "rated competencies")
        out.append(
            Finding(
                "competency",
                "high" if share < t.competent_share_min - 20 else "medium",
                team_name(r["team"]),
                f"Below competent: {r['category']}",  # the category's name, never its code
                f"{r['category']}: {rated} ({share}%) at competent or above; the target is "
                f"at least {t.competent_share_min:g}%.",
                "competency",
                {"team": r["team_id"], "category": r["category_code"]},
                round(t.competent_share_min - share, 1),
            )
        )
    return out


def findings(session: Session, f: Filters, t: Targets) -> list[Finding]:
    """Every finding for the filters, most severe first. The figures are independent
    queries, gathered side by side where the database allows (parallel.py)."""
    fig = gather(
        session,
        {
            # The slowest first, so they start first.
            "cancellations": lambda s: queries.cancellations(s, f),
            "coverage": lambda s: queries.coverage_by_team(s, f, t),
            "competency": lambda s: queries.heat_map(s, f, below=t.competent_share_min),
            "overdue_modules": lambda s: queries.modules_overdue_by_team(s, f, t),
            "flags": lambda s: queries.flags_by_team_kind(s, f),
            "flags_before": lambda s: queries.flags_by_team_kind(s, f.previous()),
            "starters": lambda s: queries.new_starters_by_team(s, f, t),
            "load": lambda s: queries.supervisor_load(s, f, t, only_over=True),
        },
    )
    out = supervision_findings(fig["coverage"], f, t)
    out += load_findings(fig["load"], t, f)
    out += cancellation_findings(fig["cancellations"], f, t)
    out += flag_findings(fig["flags"], fig["flags_before"], f, t)
    out += training_findings(fig["overdue_modules"], fig["starters"], t)
    out += competency_findings(fig["competency"], t)
    # Imported here: the integration package imports the reports (issue 16).
    from ..integration import drift_report, values_report

    out += drift_report.findings(session, f) + values_report.findings(session, f)
    return sorted(out, key=lambda x: x.sort_key)
