"""Every report figure on the small organisation, against numbers worked out by hand.

Period 2025-04-01..2025-06-30 (91 days); "as of" figures use 2025-06-30 (END). Intervals:
14 days for new workers (cutoff 16 Jun), 30 days for the others (cutoff 31 May). Targets are
the documented defaults. Dates below are written as days before END (d45 = 16 May)."""

from __future__ import annotations

from datetime import date

import pytest

from peertrain.extensions import db
from peertrain.models import CancelReason, FlagKind
from peertrain.reports import queries
from peertrain.reports.filters import Filters
from peertrain.reports.queries import Targets

from .reports_data import END, START, d, small_org


@pytest.fixture
def org(app, make):
    return small_org(make)


@pytest.fixture
def t(app):
    return Targets.load()


def F(org=None, team=None, scope=None, start=START, end=END) -> Filters:
    return Filters(start=start, end=end, team_id=team, scope=scope)


def by_team(rows, key="team"):
    return {r[key]: r for r in rows}


def test_coverage_by_team(org, t):
    rows = by_team(queries.coverage_by_team(db.session, F(), t))
    # Lola (left) and Zed (starts after END) are not workers; Sam, Priya, Jo are supervisors.
    assert set(rows) == {"Riverside", "Willow Ward", "Harbour"}
    r = rows["Riverside"]
    # Amara (new, d5) seen; Ben (new, last d20 > 14 days) overdue; Chloe (d25 group ≤ 30)
    # seen; Dev (last d45 > 30) overdue and, his assignment ended d40, unsupervised.
    assert (r["workers"], r["fte"], r["seen"], r["share_seen"]) == (4, 3.6, 2, 50.0)
    assert (r["overdue"], r["unsupervised"], r["supervised"]) == (2, 1, 3)
    assert (r["peer_supervised"], r["share_peer"]) == (3, 100.0)
    # Minutes in the period: Amara 90, Ben 60+60+120 (group), Chloe 120, Dev 60 = 510 = 8.5 h;
    # 8.5 h ÷ 3.6 FTE ÷ (91 ÷ 30.4375 months) = 0.7897.
    assert (r["hours"], r["hours_per_fte_month"]) == (8.5, 0.79)
    w = rows["Willow Ward"]
    # Erin never supervised (started d100): overdue; Femi d10, Grace d29 seen; Hamza d31 not.
    assert (w["workers"], w["fte"], w["seen"], w["overdue"], w["unsupervised"]) == (4, 3.3, 2, 2, 0)
    # Only Grace has a supervisor with lived experience (Jo, beside Priya): 1 of 4.
    assert (w["peer_supervised"], w["share_peer"]) == (1, 25.0)
    # 180 minutes = 3 h ÷ 3.3 ÷ 2.9897 = 0.304.
    assert (w["hours"], w["hours_per_fte_month"]) == (3.0, 0.3)
    h = rows["Harbour"]
    # Isla (new) seen exactly 14 days before END: within; Jack never supervised: overdue.
    assert (h["workers"], h["seen"], h["overdue"], h["share_peer"], h["hours"]) == (
        2,
        1,
        1,
        100.0,
        1.0,
    )
    assert h["hours_per_fte_month"] == 0.17  # 1 h ÷ 2 FTE ÷ 2.9897


def test_coverage_respects_team_filter_and_scope(org, t):
    only_willow = queries.coverage_by_team(db.session, F(team=org.willow.id), t)
    assert [r["team"] for r in only_willow] == ["Willow Ward"]
    scoped = queries.coverage_by_team(
        db.session, F(scope=frozenset({org.riverside.id, org.harbour.id})), t
    )
    assert [r["team"] for r in scoped] == ["Harbour", "Riverside"]
    assert queries.coverage_by_team(db.session, F(scope=frozenset()), t) == []


def test_monthly_trend_last_two_months(org, t):
    rows = queries.monthly_trend(db.session, F(), t)
    assert [r["month"] for r in rows][:2] == ["Jul 2024", "Aug 2024"]
    may, june = rows[-2], rows[-1]
    # June: everyone has started; seen at 30 Jun as in the coverage table: Amara, Chloe,
    # Femi, Grace, Isla = 5 of 10. June minutes: 90 + 60 + 240 (group, two workers) + 60 +
    # 60 + 60 = 570 = 9.5 h over 8.9 FTE.
    assert (june["month"], june["workers"], june["seen"], june["share_seen"]) == (
        "Jun 2025",
        10,
        5,
        50.0,
    )
    assert (june["hours"], june["hours_per_fte"]) == (9.5, 1.07)
    # May (31 May): Amara had not started: 9 workers. New then: Erin, Isla (in training),
    # Ben (started within the year): cutoff 17 May; others 1 May. Dev (16 May) and Hamza
    # (30 May) seen; Ben's 11 May is too early for a new worker. Minutes: 60 × 3 = 3 h / 7.9.
    assert (may["month"], may["workers"], may["seen"], may["share_seen"]) == (
        "May 2025",
        9,
        2,
        22.2,
    )
    assert (may["hours"], may["hours_per_fte"]) == (3.0, 0.38)


def test_new_starters(org, t):
    rows = by_team(queries.new_starters_by_team(db.session, F(), t))
    # Started since d60: Amara (1.5 h) and Isla (1 h, started on d60 exactly): both under 6 h.
    assert {k: (r["starters"], r["under"]) for k, r in rows.items()} == {
        "Riverside": (1, 1),
        "Harbour": (1, 1),
    }


def test_supervisor_load(org, t):
    rows = by_team(queries.supervisor_load(db.session, F(), t), "supervisor")
    sam, priya, jo = rows["Sam Supervisor"], rows["Priya Supervisor"], rows["Jo Supervisor"]
    # Sam: Amara 1 + Ben 0.6 + Chloe 1 (Dev's assignment ended, Lola left) = 2.6 of 7.
    assert (sam["supervisees"], sam["load_fte"], sam["capacity_fte"], sam["load_pct"]) == (
        3,
        2.6,
        7.0,
        37.1,
    )
    # Priya (0.4 FTE): Erin 1 + Femi 0.8 + Grace 1 + Hamza 0.5 = 3.3 of 2.8: over.
    assert (priya["load_fte"], priya["capacity_fte"], priya["load_pct"], priya["over"]) == (
        3.3,
        2.8,
        117.9,
        True,
    )
    # Jo (0.6): Isla, Jack, Grace = 3.0 of 4.2.
    assert (jo["load_fte"], jo["capacity_fte"], jo["load_pct"], jo["over"]) == (
        3.0,
        4.2,
        71.4,
        False,
    )
    assert list(rows) == ["Priya Supervisor", "Jo Supervisor", "Sam Supervisor"]  # by load
    over = queries.supervisor_load(db.session, F(), t, only_over=True)
    assert [r["supervisor"] for r in over] == ["Priya Supervisor"]


def test_supervisor_load_scope(org, t):
    # A Willow manager sees Priya (in Willow) and Jo (supervises Grace), not Sam.
    rows = by_team(
        queries.supervisor_load(db.session, F(scope=frozenset({org.willow.id})), t), "supervisor"
    )
    assert set(rows) == {"Priya Supervisor", "Jo Supervisor"}
    # Jo's load still counts all three supervisees; one of them is in Willow.
    assert (rows["Jo Supervisor"]["load_fte"], rows["Jo Supervisor"]["supervisees_in_scope"]) == (
        3.0,
        1,
    )


def test_cancellations(org):
    rows = by_team(queries.cancellations(db.session, F()))
    r = rows["Riverside"]
    # Held in the period: d5, d20, d50, d25 (group), d45 = 5; cancelled d12, d40, d60 = 3
    # (d100 is before the period; Lola's d3 is not a worker's).
    assert (r["held"], r["cancelled"], r["sessions"], r["rate"]) == (5, 3, 8, 37.5)
    assert r["reasons"] == [
        (CancelReason.SERVICE_DEMANDS, 2),
        (CancelReason.SUPERVISOR_UNAVAILABLE, 1),
    ]
    w = rows["Willow Ward"]
    assert (w["held"], w["cancelled"], w["rate"], w["reasons"]) == (
        3,
        1,
        25.0,
        [(CancelReason.NO_TIME_OR_ROOM, 1)],
    )
    assert (rows["Harbour"]["held"], rows["Harbour"]["rate"]) == (1, 0.0)


def test_flags_by_team_kind_and_previous_period(org):
    rows = {(r["team"], r["kind"]): r for r in queries.flags_by_team_kind(db.session, F())}
    assert set(rows) == {
        ("Riverside", FlagKind.WORKLOAD),
        ("Riverside", FlagKind.ROLE_DRIFT),
        ("Willow Ward", FlagKind.EXCLUDED_FROM_TEAM),
        ("Willow Ward", FlagKind.WORKLOAD),
    }
    wl = rows[("Riverside", FlagKind.WORKLOAD)]
    # Ben ×2, Amara: 3 flags ÷ 4 workers ÷ (91 ÷ 91.3125 quarters) = 0.7526.
    assert (wl["flags"], wl["workers"], wl["rate"]) == (3, 4, 0.75)
    # The group session's unnamed flag counts once for Riverside.
    assert rows[("Riverside", FlagKind.ROLE_DRIFT)]["flags"] == 1
    assert rows[("Willow Ward", FlagKind.WORKLOAD)]["rate"] == 0.25
    before = queries.flags_by_team_kind(db.session, F().previous())
    # 2024-12-31..2025-03-31: Chloe's d120 flag; Riverside had 3 workers then (Amara later).
    assert [(r["team"], r["kind"], r["flags"], r["workers"], r["rate"]) for r in before] == [
        ("Riverside", FlagKind.WORKLOAD, 1, 3, 0.33)
    ]


def test_flags_by_quarter(org):
    rows = queries.flags_by_quarter(db.session, F(start=date(2025, 3, 1)))
    got = {(r["team"], r["quarter"]): r for r in rows}
    assert set(got) == {
        ("Riverside", "2025 Q1"),
        ("Riverside", "2025 Q2"),
        ("Willow Ward", "2025 Q2"),
    }
    assert (got[("Riverside", "2025 Q1")]["workload"], got[("Riverside", "2025 Q1")]["total"]) == (
        1,
        1,
    )
    q2 = got[("Riverside", "2025 Q2")]
    assert (q2["workload"], q2["role_drift"], q2["total"]) == (3, 1, 4)
    w = got[("Willow Ward", "2025 Q2")]
    assert (w["excluded_from_team"], w["workload"], w["total"]) == (1, 1, 2)


def test_manager_summaries_only_the_written_ones(org):
    rows, total = queries.manager_summaries(db.session, F())
    # Lola's summary is about someone who is no longer a worker.
    assert total == 1
    assert [(r["date"], r["team"], r["kind"], r["worker"], r["summary"]) for r in rows] == [
        (
            d(20),
            "Riverside",
            FlagKind.WORKLOAD,
            "Ben",
            "Caseload doubled; asked the team lead for a review",
        )
    ]


def test_module_completion(org, t):
    rows = {(r["team"], r["slug"]): r for r in queries.module_completion(db.session, F(), t)}
    # Only the trainee pathway's modules, current versions, in pathway order per team.
    assert [k for k in rows if k[0] == "Riverside"] == [
        ("Riverside", "what-is"),
        ("Riverside", "values"),
        ("Riverside", "recovery"),
    ]
    # Riverside: past due (started before d90) = Ben, Chloe, Dev.
    assert (
        rows[("Riverside", "what-is")]["completed"],
        rows[("Riverside", "what-is")]["overdue"],
    ) == (
        3,
        1,
    )
    # Ben's version-1 completion counts for "values"; Chloe's is in progress.
    v = rows[("Riverside", "values")]
    assert (v["workers"], v["completed"], v["share_completed"], v["overdue"]) == (4, 1, 25.0, 2)
    opt = rows[("Riverside", "recovery")]
    assert (opt["required"], opt["completed"], opt["overdue"]) == (False, 1, 0)
    # Willow: all four past due; Erin's completion is after END.
    assert (
        rows[("Willow Ward", "what-is")]["completed"],
        rows[("Willow Ward", "what-is")]["overdue"],
    ) == (
        3,
        1,
    )
    assert (
        rows[("Willow Ward", "values")]["completed"],
        rows[("Willow Ward", "values")]["overdue"],
    ) == (
        2,
        2,
    )
    # Harbour: Isla is not yet due, Jack has done both.
    assert rows[("Harbour", "values")]["overdue"] == 0
    assert rows[("Harbour", "values")]["share_completed"] == 50.0


def test_modules_overdue_by_team(org, t):
    rows = by_team(queries.modules_overdue_by_team(db.session, F(), t))
    assert {k: (r["workers_overdue"], r["pairs"], r["team_workers"]) for k, r in rows.items()} == {
        "Riverside": (2, 3, 4),  # Chloe (values), Dev (both)
        "Willow Ward": (2, 3, 4),  # Erin (both), Hamza (values)
    }


def test_competency_heat_map(org):
    rows = {(r["team"], r["category_code"]): r for r in queries.heat_map(db.session, F())}
    assert set(rows) == {
        ("Riverside", "ENG"),
        ("Riverside", "SUP"),
        ("Willow Ward", "ENG"),
        ("Willow Ward", "SUP"),
    }
    eng = rows[("Riverside", "ENG")]
    # Amara ENG-1 2; Ben ENG-1 3 (latest of 2 then 3), ENG-2 4 (observation); Chloe ENG-1 2
    # (latest, though an older one was 4); her ENG-2 rating is after END; self ratings don't count.
    assert (eng["rated"], eng["competent"], eng["share_competent"]) == (4, 2, 50.0)
    assert (rows[("Riverside", "SUP")]["rated"], rows[("Riverside", "SUP")]["share_competent"]) == (
        1,
        0.0,
    )
    # Willow ENG: Femi 3, 3; Hamza 2 and 3 at the same moment: the higher counts.
    w = rows[("Willow Ward", "ENG")]
    assert (w["rated"], w["competent"], w["share_competent"]) == (3, 3, 100.0)
