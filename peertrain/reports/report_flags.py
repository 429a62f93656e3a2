"""The flags report: integration and resourcing concerns by kind, team and quarter."""

from __future__ import annotations

from sqlalchemy.orm import Session

from . import charts, queries, wellbeing
from .filters import Filters
from .labels import FLAG_KINDS, day
from .queries import Targets
from .queries.flags import KINDS
from .tables import Column, ReportData, Table, team_link

SUMMARIES_SHOWN = 25


def flags_report(session: Session, f: Filters, t: Targets) -> ReportData:
    rows = queries.flags_by_quarter(session, f)
    summaries, total = queries.manager_summaries(session, f, limit=SUMMARIES_SHOWN)
    for s in summaries:
        s["kind_label"] = FLAG_KINDS[s["kind"]]
    kinds = [(k, FLAG_KINDS[k]) for k in KINDS]  # wellbeing has its own table, below
    table = Table(
        "quarters",
        "Flags by team, quarter and kind",
        [Column("team", "Team"), Column("quarter", "Quarter")]
        + [Column(k.value, label, num=True) for k, label in kinds]
        + [Column("total", "Total", num=True, link=team_link("flags"))],
        rows,
    )
    rate_rows = flag_rates(session, f)
    rates = Table(
        "rates",
        "Flags per worker per quarter, against the previous period",
        [
            Column("team", "Team"),
            Column("kind", "Kind"),
            Column("flags", "Flags", num=True, link=team_link("flags", kind="kind_value")),
            Column("workers", "Workers", num=True),
            Column("rate", "Per worker per quarter", num=True),
            Column("previous", "Previous period", num=True),
        ],
        rate_rows,
    )
    quarters: dict[str, list[int]] = {}
    for r in rows:
        acc = quarters.setdefault(r["quarter"], [0] * len(kinds))
        for i, (k, _) in enumerate(kinds):
            acc[i] += r[k.value]
    chart = charts.stacked(
        "Flags by quarter and kind",
        "One bar per calendar quarter in the period (partial quarters included), all teams "
        "shown; segments are kinds of flag.",
        list(quarters),
        [(label, f"kind-{k.value}") for k, label in kinds],
        list(quarters.values()),
    )
    ranked = sorted(rate_rows, key=lambda r: (-(r["rate"] or 0), r["team"] or "", r["kind_value"]))
    rate_chart = charts.hbar(
        "Flags per worker per quarter, by team and kind",
        f"One bar per team and kind of flag, the highest first. The dashed line is the "
        f"target: a finding is raised above {t.flag_rate_max:g}.",
        [
            {
                "label": f"{r['team'] or 'No team'}: {FLAG_KINDS[r['kind']].lower()}",
                "value": r["rate"],
                "cls": "bar-over" if (r["rate"] or 0) > t.flag_rate_max else "",
            }
            for r in ranked
        ],
        unit="",
        target=t.flag_rate_max,
        target_label=f"Target: at most {t.flag_rate_max:g}",
    )
    concerns = Table(
        "wellbeing",
        "Workers with a wellbeing concern, across all your teams",
        [Column("quarter", "Quarter"), Column("people", "Workers", num=True)],
        wellbeing.people_by_quarter(session, f),
        note=(
            "Whole calendar quarters, every team you manage, whatever team or dates are "
            f"chosen above; {wellbeing.FEWER} is shown as such and larger numbers are rounded "
            f"to the nearest {wellbeing.ROUND_TO}. Nobody is named."
        ),
    )
    return ReportData(
        [table, rates, concerns],
        [rate_chart, chart],
        {"summaries": summaries, "summary_total": total},
    )


def flag_rates(session: Session, f: Filters) -> list[dict]:
    now = queries.flags_by_team_kind(session, f)
    before = {
        (r["team_id"], r["kind"]): r["rate"]
        for r in queries.flags_by_team_kind(session, f.previous())
    }
    for r in now:
        r["previous"] = before.get((r["team_id"], r["kind"]), 0.0)
        r["kind_value"] = r["kind"].value
    return now


def flag_definitions(t: Targets, f: Filters) -> list[str]:
    return [
        "Flags are concerns a supervisor records in supervision: role drift, peer values "
        "tension, exclusion from the team, no access to information, workload, wellbeing, "
        "supervision not resourced.",
        "A flag naming a worker counts for that worker's team; a flag about a group session "
        "counts for each team whose workers were in it.",
        "Wellbeing concerns are about a person's health, so they are not in the team tables, "
        "the summaries or any list of names: only the number of workers who had one, per "
        "quarter across all your teams, with small numbers hidden.",
        "Per worker per quarter = flags ÷ the team's workers ÷ (days in the period ÷ 91.3). "
        f"A finding is raised above {t.flag_rate_max:g}; the trend compares the "
        f"{f.days} days before {day(f.start)}.",
        "Summaries below are the ones supervisors wrote for managers on purpose; supervision "
        "notes are never shown.",
    ]
