"""Drill-down lists on the small organisation: exactly the people behind each number."""

from __future__ import annotations

from datetime import timedelta

import pytest

from peertrain.extensions import db
from peertrain.models import CancelReason, FlagKind
from peertrain.reports.evidence_lists import EVIDENCE
from peertrain.reports.filters import Filters
from peertrain.reports.queries import Targets

from .reports_data import END, START, d, small_org


@pytest.fixture
def org(app, make):
    return small_org(make)


def ev(evidence_kind, team=None, scope=None, limit=None, offset=0, **extra):
    f = Filters(start=START, end=END, team_id=team, scope=scope)
    return EVIDENCE[evidence_kind].query(db.session, f, Targets.load(), limit, offset, **extra)


def test_overdue_list_with_last_session_and_due_date(org):
    rows, total = ev("overdue")
    assert total == 5
    assert [
        (r["worker"], r["team"], r["last_held"], r["interval_days"], r["due"]) for r in rows
    ] == [
        ("Jack", "Harbour", None, 30, org.jack.start_date + timedelta(days=30)),
        ("Ben", "Riverside", d(20), 14, d(6)),
        ("Dev", "Riverside", d(45), 30, d(15)),
        ("Erin", "Willow Ward", None, 14, d(86)),  # never supervised: from her start
        ("Hamza", "Willow Ward", d(31), 30, d(1)),
    ]


def test_unsupervised_and_lived_experience_lists(org):
    rows, total = ev("unsupervised")
    assert (total, rows) == (
        1,
        [
            {
                "worker": "Dev",
                "team": "Riverside",
                "start_date": d(500),
                "last_assignment_ended": d(40),
            }
        ],
    )
    rows, total = ev("lived-experience")
    # Grace also has Jo (lived experience), so she is not listed.
    assert [(r["worker"], r["supervisor"]) for r in rows] == [
        ("Erin", "Priya Supervisor"),
        ("Femi", "Priya Supervisor"),
        ("Hamza", "Priya Supervisor"),
    ]


def test_load_list_over_ratio_or_one_supervisor(org):
    rows, _ = ev("load")
    assert [(r["supervisor"], r["worker"], r["worker_fte"]) for r in rows] == [
        ("Priya Supervisor", "Erin", 1.0),
        ("Priya Supervisor", "Femi", 0.8),
        ("Priya Supervisor", "Grace", 1.0),
        ("Priya Supervisor", "Hamza", 0.5),
    ]
    rows, _ = ev("load", supervisor=org.jo.id)  # not over ratio, but asked for by name
    assert [r["worker"] for r in rows] == ["Grace", "Isla", "Jack"]
    # A Willow manager sees only Jo's supervisee in Willow.
    rows, _ = ev("load", scope=frozenset({org.willow.id}), supervisor=org.jo.id)
    assert [r["worker"] for r in rows] == ["Grace"]
    # Someone who is not a supervisor in scope gives an empty list, not an error.
    assert ev("load", scope=frozenset({org.willow.id}), supervisor=org.sam.id) == ([], 0)


def test_cancelled_and_flag_lists(org):
    rows, total = ev("cancelled", team=org.riverside.id)
    assert [(r["date"], r["worker"], r["reason"]) for r in rows] == [
        (d(12), "Amara", CancelReason.SERVICE_DEMANDS),
        (d(40), "Chloe", CancelReason.SERVICE_DEMANDS),
        (d(60), "Ben", CancelReason.SUPERVISOR_UNAVAILABLE),
    ]
    rows, _ = ev("cancelled", reason=CancelReason.SUPERVISOR_UNAVAILABLE)
    assert [r["worker"] for r in rows] == ["Ben"]
    rows, total = ev("flags", team=org.riverside.id, kind=FlagKind.WORKLOAD)
    assert [(r["date"], r["worker"], r["summary"]) for r in rows] == [
        (d(5), "Amara", None),
        (d(20), "Ben", "Caseload doubled; asked the team lead for a review"),
        (d(50), "Ben", None),
    ]
    rows, total = ev("flags")
    assert total == 6  # Lola's is not a worker's; Chloe's d120 is before the period


def test_modules_competency_and_new_starter_lists(org):
    rows, _ = ev("modules")
    assert [(r["worker"], r["module"], r["due"]) for r in rows] == [
        ("Chloe", "Peer values", d(710)),
        ("Dev", "What peer support is", d(410)),
        ("Dev", "Peer values", d(410)),
        ("Erin", "What peer support is", d(10)),
        ("Erin", "Peer values", d(10)),
        ("Hamza", "Peer values", d(1110)),
    ]
    rows, _ = ev("modules", module="values", team=org.willow.id)
    assert [r["worker"] for r in rows] == ["Erin", "Hamza"]
    rows, _ = ev("competency")
    assert [(r["worker"], r["competency"], r["level"], r["rated_on"]) for r in rows] == [
        ("Amara", "ENG-1", 2, d(10)),
        ("Ben", "SUP-1", 1, d(15)),
        ("Chloe", "ENG-1", 2, d(10)),
    ]
    rows, _ = ev("competency", category="SUP")
    assert [r["worker"] for r in rows] == ["Ben"]
    rows, _ = ev("new-starters")
    assert [(r["worker"], r["hours"]) for r in rows] == [("Isla", 1.0), ("Amara", 1.5)]


def test_pages_of_a_list_and_total(org):
    first, total = ev("modules", limit=4)
    second, total2 = ev("modules", limit=4, offset=4)
    assert (total, total2, len(first), len(second)) == (6, 6, 4, 2)
    assert [r["worker"] for r in second] == ["Erin", "Hamza"]


def test_scoped_lists_never_show_other_teams(org):
    willow = frozenset({org.willow.id})
    for kind in EVIDENCE:
        rows, _ = ev(kind, scope=willow)
        assert {r.get("team") for r in rows} <= {"Willow Ward", None}, kind
        names = {r.get("worker") for r in rows}
        assert not names & {"Amara", "Ben", "Chloe", "Dev", "Isla", "Jack"}, kind
