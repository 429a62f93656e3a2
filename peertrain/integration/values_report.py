"""The managers' view of supervision against peer values: team aggregates of supervisee
ratings (shown cells only), a chart against the target, and the finding when a team rates low."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..reports import charts
from ..reports.evidence_lists import EVIDENCE, EvidenceList
from ..reports.filters import Filters
from ..reports.gaps import Finding
from ..reports.labels import day, team_name
from ..reports.tables import Column, Table
from ..targets import get_target
from . import values_queries
from .values_labels import NOT_ENOUGH, SMALL, VALUES

NOTE = (
    f"Supervisees' own ratings, 1 (not at all) to 5 (fully), anonymous. A quarter is shown only "
    f"with at least {SMALL} different supervisees AND {SMALL} sessions behind it, else "
    f"'{NOT_ENOUGH}'; a team's whole-period row pools the quarters shown. Figures cover whole "
    "calendar quarters, whatever the dates chosen, so no comparison of two filters can single "
    "anyone out. Comments never reach managers."
)
COLUMNS = (
    [Column("team", "Team"), Column("quarter", "Quarter")]
    + [Column(name, label, num=True) for name, (label, _) in VALUES.items()]
    + [Column("overall", "Overall", num=True), Column("ratings", "Ratings", num=True)]
)
ALL = "All quarters shown"


def _row(team_id, name, quarter, scores: dict | None) -> dict:
    row = {"team_id": team_id, "team": name, "quarter": quarter}
    keys = [*VALUES, "overall", "ratings"]
    return row | ({k: scores[k] for k in keys} if scores else dict.fromkeys(keys, NOT_ENOUGH))


def build(session: Session, f: Filters) -> tuple[Table, dict]:
    data = values_queries.team_cells(session, f)
    by_team: dict[int, dict] = {}  # one pass over the cells, not one per team
    for (t, q), c in data["cells"].items():
        by_team.setdefault(t, {})[q] = c
    rows, bars = [], []
    for team_id, name in data["teams"]:
        mine = by_team.get(team_id, {})
        for qi, label in enumerate(data["quarters"]):
            cell = mine.get(qi)
            rows.append(_row(team_id, name, label, values_queries.pooled([cell] if cell else [])))
        whole = values_queries.pooled(list(mine.values()))
        rows.append(_row(team_id, name, ALL, whole))
        if whole:
            bars.append({"label": team_name(name), "value": whole["overall"]})
    table = Table("values", "Supervision against peer values, supervisees' ratings", COLUMNS,
                  rows, note=NOTE)  # fmt: skip
    target = get_target("values_rating_min")
    chart = charts.hbar(
        "Supervisees' overall peer-values rating by team",
        "One bar per team with enough responses: the mean of the five values over the quarters "
        "shown, out of 5; the dashed line is the target.",
        bars,
        unit="",
        max_value=5,
        target=target,
        target_label=f"target {target:g}",
    )
    return table, chart


def findings(session: Session, f: Filters) -> list[Finding]:
    target = get_target("values_rating_min")
    g = values_queries.period(f)
    out = []
    for r in values_queries.team_scores(session, f):
        s = r["scores"]
        if s is None or s["overall"] >= target:
            continue
        low = min(VALUES, key=lambda k: s[k])
        out.append(
            Finding(
                "integration",
                "high" if s["overall"] < target - 1 else "medium",
                team_name(r["team"]),
                "Supervision rated low against peer values",
                f"Supervisees rated their supervision {s['overall']:g} of 5 against peer values "
                f"between {day(g.start)} and {day(g.end)} ({s['ratings']} ratings; the target "
                f"is at least {target:g}). Lowest: {VALUES[low][0].lower()} ({s[low]:g}).",
                "peer-values",
                {"team": r["team_id"]},
                round((target - s["overall"]) / target * 100, 1),
            )
        )
    return out


def _evidence(session: Session, f: Filters, t, limit: int | None, offset: int):
    table, _ = build(session, f)
    rows = table.rows
    return (rows if limit is None else rows[offset : offset + limit]), len(rows)


EVIDENCE["peer-values"] = EvidenceList(
    "Supervisees' peer-values ratings (aggregates only)", lambda t, f: NOTE, COLUMNS, _evidence
)
