"""Reports on the workforce's preparation: training completion and the competency heat map."""

from __future__ import annotations

from sqlalchemy.orm import Session

from . import charts, queries
from .filters import Filters
from .labels import day
from .queries import Targets
from .report_common import WORKERS_DEF, team_label
from .tables import Column, ReportData, Table, team_link


def training_report(session: Session, f: Filters, t: Targets) -> ReportData:
    rows = queries.module_completion(session, f, t)
    table = Table(
        "completion",
        "Training completion by team and module",
        [
            Column("team", "Team"),
            Column("module", "Module"),
            Column("required", "Required"),
            Column("workers", "Workers", num=True),
            Column("completed", "Completed", num=True),
            Column("share_completed", "Completed %", num=True),
            Column("overdue", "Overdue", num=True, link=team_link("modules", module="slug")),
        ],
        rows,
    )
    # The chart adds up the table's team rows per module (already aggregated in SQL).
    per_module: dict[str, list[int]] = {}
    for r in rows:
        acc = per_module.setdefault(r["module"], [0, 0, 0])
        acc[0] += r["completed"]
        acc[1] += r["workers"]
        acc[2] += r["overdue"]
    items = [
        {
            "label": f"{name} ({overdue} overdue)" if overdue else name,
            "value": round(100 * done / n, 1) if n else None,
            "cls": "bar-warn" if overdue else "",
        }
        for name, (done, n, overdue) in per_module.items()
    ]
    chart = charts.hbar(
        "Share of workers who have completed each module",
        "One bar per module on the peer worker pathway, for all the teams shown; "
        "modules with overdue workers are marked.",
        items,
        max_value=100,
    )
    return ReportData([table], [chart])


def training_definitions(t: Targets, f: Filters) -> list[str]:
    return [
        WORKERS_DEF,
        "Modules are the current versions of the modules on the peer worker pathway. A module "
        f"counts as completed when any version of it was completed by {day(f.end)}.",
        f"A required module is overdue when the worker started more than {t.modules_due_days} "
        f"days before {day(f.end)} and has not completed it.",
    ]


def competency_report(session: Session, f: Filters, t: Targets) -> ReportData:
    rows = queries.heat_map(session, f)
    cats = queries.categories(session)
    for r in rows:
        r["below"] = r["rated"] - r["competent"]
    table = Table(
        "heat_map",
        "Competency by team and category",
        [
            Column("team", "Team"),
            Column("category", "Category"),
            Column("rated", "Rated competencies", num=True),
            Column("competent", "At competent or above", num=True),
            Column(
                "share_competent",
                "Competent %",
                num=True,
                link=team_link("competency", when="below", category="category_code"),
            ),
        ],
        rows,
    )
    cells: dict = {}
    for r in rows:
        cells.setdefault((r["team_id"], team_label(r)), {})[r["category_code"]] = r[
            "share_competent"
        ]
    teams = sorted(
        cells.items(),
        key=lambda kv: (sum(v for v in kv[1].values()) / max(len(kv[1]), 1), kv[0][1]),
    )
    codes = [code for code, _ in cats]
    chart = charts.grid(
        "Competent or above, per cent, by team and category",
        f"Columns are the {len(codes)} competency categories; rows are teams, the lowest first "
        f"(at most {charts.MAX_ROWS}). Each cell prints its share; a dash means nobody rated; "
        f"cells below the target of {t.competent_share_min:g}% are outlined. The key below "
        "names each category and shade.",
        [name for (_, name), _ in teams],
        codes,
        [[v.get(code) for code in codes] for _, v in teams],
        col_names=[name for _, name in cats],
        target=t.competent_share_min,
    )
    extra = {"categories": cats, "heat_key": charts.HEAT_KEY, "target": t.competent_share_min}
    return ReportData([table], [chart], extra)


def competency_definitions(t: Targets, f: Filters) -> list[str]:
    return [
        WORKERS_DEF,
        "A worker's current level in a competency is their latest supervisor or observation "
        f"rating on or before {day(f.end)}; self-assessments are not counted.",
        "Each cell is the share of rated (worker, competency) pairs in the category whose "
        "current level is 3 (competent) or 4 (proficient). Competencies nobody has rated are "
        "left out, so look at how many were rated before reading much into a share.",
        f"A finding is raised when a team's share is below {t.competent_share_min:g}%.",
    ]
