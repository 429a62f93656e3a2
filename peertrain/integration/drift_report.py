"""The managers' role-drift report: a team × quarter table of shown counts by kind, a chart
over time, the finding when a team's rate passes its target, and its evidence list."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import DriftTask
from ..reports import charts
from ..reports.evidence_lists import EVIDENCE, EvidenceList
from ..reports.filters import Filters
from ..reports.gaps import Finding
from ..reports.labels import day, team_name
from ..reports.tables import Column, Table
from ..targets import get_target
from . import drift_queries
from .drift_labels import FEWER, SMALL, TASKS

NOTE = (
    f"Counts of entries in peer workers' own role-drift logs, never the entries. A cell with "
    f"fewer than {SMALL} workers behind it (none included) shows '{FEWER}'; totals and the chart "
    "add up the shown cells only. Figures cover whole calendar quarters, whatever the dates "
    "chosen, so that no comparison of two filters can single anyone out."
)
COLUMNS = (
    [Column("team", "Team"), Column("quarter", "Quarter")]
    + [Column(t.value, TASKS[t], num=True) for t in DriftTask]
    + [Column("shown", "Total of shown cells", num=True)]
)


def table_rows(data: dict, only_team: int | None = None) -> list[dict]:
    rows = []
    for team_id, name, _ in data["teams"]:
        if only_team is not None and team_id != only_team:
            continue
        for qi, label in enumerate(data["quarters"]):
            row = {"team": name, "team_id": team_id, "quarter": label}
            row |= {t.value: data["cells"][(team_id, qi, t)] for t in DriftTask}
            total = drift_queries.shown_sum(row[t.value] for t in DriftTask)
            shown_any = any(not isinstance(row[t.value], str) for t in DriftTask)
            rows.append(row | {"shown": total if shown_any else FEWER})
    return rows


def build(session: Session, f: Filters) -> tuple[Table, dict]:
    data = drift_queries.cells(session, f)
    table = Table("drift", "Role-drift log entries by team, quarter and task", COLUMNS,
                  table_rows(data), note=NOTE)  # fmt: skip
    by_cell: dict[tuple, list] = {}  # one pass over the cells, not one per quarter and task
    for (_, qi, task), v in data["cells"].items():
        by_cell.setdefault((qi, task), []).append(v)
    per_quarter = [
        [drift_queries.shown_sum(by_cell.get((q, t), [])) for t in DriftTask]
        for q in range(len(data["quarters"]))
    ]
    chart = charts.stacked(
        "Role-drift log entries by quarter and task",
        "One bar per calendar quarter, the teams shown added up (shown cells only); segments "
        "are kinds of task.",
        data["quarters"],
        [(TASKS[t], f"drift-{n}") for n, t in enumerate(DriftTask)],
        per_quarter,
    )
    return table, chart


def findings(session: Session, f: Filters) -> list[Finding]:
    """A team whose shown entries per worker per quarter pass drift_rate_max."""
    target = get_target("drift_rate_max")
    out = []
    for r in drift_queries.drift_counts(session, f):
        if r["rate"] is None or r["rate"] <= target:
            continue
        out.append(
            Finding(
                "integration",
                "high" if r["rate"] >= 2 * target else "medium",
                team_name(r["team"]),
                "Role-drift log: tasks outside the peer role",
                f"Peer workers logged {r['entries']} tasks outside the peer role between "
                f"{day(r['start'])} and {day(r['end'])} among {r['workers']} workers: "
                f"{r['rate']:g} per worker per quarter (at most {target:g}). Only counts with "
                f"at least {SMALL} workers behind them are included.",
                "role-drift-log",
                {"team": r["team_id"]},
                round((r["rate"] / target - 1) * 100, 1) if target else 100.0,
            )
        )
    return out


def _evidence(session: Session, f: Filters, t, limit: int | None, offset: int):
    rows = table_rows(drift_queries.cells(session, f), only_team=f.team_id)
    return (rows if limit is None else rows[offset : offset + limit]), len(rows)


EVIDENCE["role-drift-log"] = EvidenceList(
    "Role-drift log counts (no names, no entries)",
    lambda t, f: NOTE,
    COLUMNS,
    _evidence,
)
