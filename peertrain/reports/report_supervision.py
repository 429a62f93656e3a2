"""Reports on supervision: coverage, supervisor load, cancellations."""

from __future__ import annotations

import calendar

from sqlalchemy.orm import Session

from . import charts, queries
from .filters import Filters
from .labels import CANCEL_REASONS, day
from .queries import Targets
from .report_common import WORKERS_DEF, team_label
from .tables import Column, ReportData, Table, team_link


def coverage_report(session: Session, f: Filters, t: Targets) -> ReportData:
    rows = queries.coverage_by_team(session, f, t)
    for r in rows:
        r["no_peer"] = r["supervised"] - r["peer_supervised"]
    trend = queries.monthly_trend(session, f, t)
    starters = queries.new_starters_by_team(session, f, t)
    teams = Table(
        "teams",
        "Supervision coverage by team",
        [
            Column("team", "Team"),
            Column("workers", "Workers", num=True),
            Column("fte", "FTE", num=True),
            Column("seen", "Seen within target", num=True),
            Column("share_seen", "Seen %", num=True),
            Column("overdue", "Overdue", num=True, link=team_link("overdue")),
            Column("unsupervised", "No supervisor", num=True, link=team_link("unsupervised")),
            Column("peer_supervised", "Supervisor with lived experience", num=True),
            Column("no_peer", "Supervisor without", num=True, link=team_link("lived-experience")),
            Column("share_peer", "Lived experience %", num=True),
            Column("hours", "Hours held", num=True),
            Column("hours_per_fte_month", "Hours per FTE per month", num=True),
        ],
        rows,
    )
    months = Table(
        "trend",
        "Twelve-month trend",
        [
            Column("month", "Month"),
            Column("workers", "Workers", num=True),
            Column("seen", "Seen within target at month end", num=True),
            Column("share_seen", "Seen %", num=True),
            Column("hours", "Hours held", num=True),
            Column("hours_per_fte", "Hours per FTE", num=True),
        ],
        trend,
        note="Uses today's workers: people who have left are not in the earlier months.",
    )
    new = Table(
        "new_starters",
        "New workers: supervised hours before client contact",
        [
            Column("team", "Team"),
            Column("starters", "Started in the last 60 days", num=True),
            Column(
                "under",
                f"Under {t.hours_before_contact:g} hours",
                num=True,
                link=team_link("new-starters"),
            ),
        ],
        starters,
    )
    bars = charts.hbar(
        "Workers seen within target, per cent, by team",
        "One bar per team, the lowest first.",
        sorted(
            [{"label": team_label(r), "value": r["share_seen"]} for r in rows],
            key=lambda i: (i["value"] if i["value"] is not None else -1, i["label"]),
        ),
        max_value=100,
    )
    labels = [m["month"] for m in trend]
    partial = month_to_date(f)
    if partial and trend:
        trend[-1]["month"] += f" (month to date, {partial})"
    line = charts.line(
        "Twelve-month trend: seen within target",
        "Share of workers seen within their interval at the end of each month.",
        labels,
        [
            {
                "name": "Seen within target %",
                "cls": "series-0",
                "values": [m["share_seen"] for m in trend],
            }
        ],
        unit="%",
        max_value=100,
        partial="month to date" if partial else None,
    )
    per_fte = [m["hours_per_fte"] for m in trend]
    hours = charts.line(
        "Twelve-month trend: hours per FTE",
        "Held supervision hours in each whole month per full-time-equivalent worker"
        + ("; the month to date is left out." if partial else "."),
        labels,
        [{"name": "Hours per FTE", "cls": "series-1", "values": per_fte[:-1] + [None]}]
        if partial
        else [{"name": "Hours per FTE", "cls": "series-1", "values": per_fte}],
    )
    lived = charts.hbar(
        "Supervised workers with a supervisor with lived experience, per cent, by team",
        f"One bar per team, the lowest first. The dashed line is the target, at least "
        f"{t.lived_share_min:g}%.",
        sorted(
            [{"label": team_label(r), "value": r["share_peer"]} for r in rows],
            key=lambda i: (i["value"] if i["value"] is not None else -1, i["label"]),
        ),
        max_value=100,
        target=t.lived_share_min,
        target_label=f"Target: at least {t.lived_share_min:g}%",
    )
    extra = {}
    if partial:
        extra["partial"] = (
            f"The last month, {labels[-1]}, is cut short by the end of the period "
            f"({partial}): it is marked “month to date” in the trend table and drawn dashed "
            "and hollow in the seen-within-target chart. Its hours per FTE cover only those "
            "days, so they are left out of the hours-per-FTE chart and shown, marked, in the "
            "table only."
        )
    return ReportData([teams, months, new], [bars, lived, line, hours], extra)


def month_to_date(f: Filters) -> str | None:
    """'2 of 31 days' when the period ends before its last month does, else None."""
    days = calendar.monthrange(f.end.year, f.end.month)[1]
    return None if f.end.day == days else f"{f.end.day} of {days} days"


def coverage_definitions(t: Targets, f: Filters) -> list[str]:
    return [
        WORKERS_DEF,
        f"Seen within target: a held session in the {t.interval_new_days} days up to "
        f"{day(f.end)} for workers in training or in their first year, {t.interval_days} days "
        "for everyone else. Seen % is out of all workers.",
        "Overdue: no held session in that interval, for someone who started before it began "
        "(someone never supervised is measured from their start date).",
        f"No supervisor: no supervision assignment in force on {day(f.end)}.",
        "Lived experience %: of the workers with a current supervisor, the share with at least "
        f"one current supervisor who has lived experience (target at least "
        f"{t.lived_share_min:g}%).",
        "Hours per FTE per month: held session minutes in the period (a group session counts "
        "for each worker in it) ÷ the workers' FTE ÷ the period's length in months.",
        "New workers: PeerTrain does not record first client contact, so this lists workers "
        f"who started in the last 60 days with fewer than {t.hours_before_contact:g} hours of "
        "held supervision, as a prompt to check.",
    ]


def load_report(session: Session, f: Filters, t: Targets) -> ReportData:
    rows = queries.supervisor_load(session, f, t)

    def link(row):
        return (
            ("load", {"supervisor": row["supervisor_id"]}) if row["supervisees_in_scope"] else None
        )

    table = Table(
        "load",
        "Supervisor load",
        [
            Column("supervisor", "Supervisor"),
            Column("team", "Team"),
            Column("fte", "FTE", num=True),
            Column("lived_experience", "Lived experience"),
            Column("supervisees", "Supervisees", num=True),
            Column("supervisees_in_scope", "In your teams", num=True, link=link),
            Column("load_fte", "Supervisee FTE", num=True),
            Column("capacity_fte", "Capacity FTE", num=True),
            Column("load_pct", "Load %", num=True),
            Column("over", "Over ratio"),
        ],
        rows,
    )
    chart = charts.hbar(
        "Supervisor load, per cent of capacity",
        f"Supervisee FTE as a share of {t.ratio_max:g} × the supervisor's FTE; the highest "
        "first. The dashed line is 100%.",
        [
            {
                "label": r["supervisor"],
                "value": r["load_pct"],
                "cls": "bar-over" if r["over"] else "",
            }
            for r in rows
        ],
        target=100,
        target_label="Capacity: 100%",
    )
    return ReportData([table], [chart])


def load_definitions(t: Targets, f: Filters) -> list[str]:
    return [
        "Supervisors are active people holding the supervisor role who belong to the teams "
        "shown or supervise someone in them.",
        f"Load: the FTE of all their current active supervisees on {day(f.end)}, in any team "
        "(a supervisor's time is one person's, whichever teams they serve).",
        f"Capacity: {t.ratio_max:g} × the supervisor's own FTE. Over ratio when load exceeds it.",
        "Only supervisees in your teams are listed behind a number.",
    ]


def cancellations_report(session: Session, f: Filters, t: Targets) -> ReportData:
    rows = queries.cancellations(session, f)
    for r in rows:
        for reason in CANCEL_REASONS:
            r[reason.value] = dict(r["reasons"]).get(reason, 0)
    table = Table(
        "cancellations",
        "Cancelled supervision by team and reason",
        [
            Column("team", "Team"),
            Column("sessions", "Sessions", num=True),
            Column("held", "Held", num=True),
            Column("cancelled", "Cancelled", num=True, link=team_link("cancelled")),
            Column("rate", "Cancelled %", num=True),
        ]
        + [Column(reason.value, label, num=True) for reason, label in CANCEL_REASONS.items()],
        rows,
    )
    ranked = sorted(rows, key=lambda r: (-(r["rate"] or 0), team_label(r)))
    chart = charts.stacked(
        "Cancelled sessions by reason, by team",
        "One bar per team, the highest cancellation rate first; segments are reasons.",
        [f"{team_label(r)} ({r['rate']}%)" for r in ranked],
        [(label, f"reason-{reason.value}") for reason, label in CANCEL_REASONS.items()],
        [[r[reason.value] for reason in CANCEL_REASONS] for r in ranked],
    )
    rates = charts.hbar(
        "Cancelled sessions, per cent, by team",
        f"One bar per team, the highest first. The dashed line is the threshold: a finding "
        f"is raised above {t.cancellation_rate_max:g}%.",
        [
            {
                "label": team_label(r),
                "value": r["rate"],
                "cls": "bar-over" if (r["rate"] or 0) > t.cancellation_rate_max else "",
            }
            for r in ranked
        ],
        max_value=100,
        target=t.cancellation_rate_max,
        target_label=f"Threshold: at most {t.cancellation_rate_max:g}%",
    )
    return ReportData([table], [rates, chart])


def cancellation_definitions(t: Targets, f: Filters) -> list[str]:
    return [
        f"Sessions dated {day(f.start)} to {day(f.end)}, held or cancelled, with at least one "
        "worker of the team in them; a session with workers from two teams counts for both.",
        "Cancelled % = cancelled ÷ (held + cancelled). A finding is raised above "
        f"{t.cancellation_rate_max:g}%, naming the main reasons.",
        "Supervisors' cancellation notes are never shown here.",
    ]
