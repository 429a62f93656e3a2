"""Gap findings: the rules on hand-made figures, and the whole list for the small organisation."""

from __future__ import annotations

import pytest

from peertrain.extensions import db
from peertrain.models import CancelReason, FlagKind, Setting
from peertrain.reports import gaps
from peertrain.reports.filters import Filters
from peertrain.reports.queries import Targets

from .reports_data import END, START, small_org

T = Targets(14, 30, 7, 90, 6, 20, 50, 60, 0.5)
F = Filters(start=START, end=END)


def cov(**kw) -> dict:
    row = {"team_id": 1, "team": "T", "workers": 10, "overdue": 0, "unsupervised": 0}
    row |= {"supervised": 10, "peer_supervised": 10, "share_peer": 100.0}
    return row | kw


@pytest.mark.parametrize(
    ("overdue", "severity"),
    # share of a team of 20: under 10% low, from 10% medium, from 25% high
    [(0, None), (1, "low"), (2, "medium"), (4, "medium"), (5, "high"), (20, "high")],
)
def test_overdue_severity_by_share_of_team(overdue, severity):
    found = [
        x
        for x in gaps.supervision_findings([cov(workers=20, overdue=overdue)], F, T)
        if x.title.startswith("Overdue")
    ]
    assert [x.severity for x in found] == ([severity] if severity else [])


def test_any_unsupervised_worker_is_high():
    (x,) = gaps.supervision_findings([cov(unsupervised=1)], F, T)
    assert (x.severity, x.kind, x.evidence, x.sentence) == (
        "high",
        "resourcing",
        "unsupervised",
        "1 of 10 workers had no supervisor assigned on 30 Jun 2025.",
    )


@pytest.mark.parametrize(
    ("share", "severity"),
    [(50.0, None), (49.9, "medium"), (25.0, "medium"), (24.9, "high"), (None, None)],
)
def test_lived_experience_share(share, severity):
    found = gaps.supervision_findings([cov(share_peer=share)], F, T)
    assert [x.severity for x in found] == ([severity] if severity else [])
    if severity:
        assert found[0].kind == "integration"


def load(load_fte, capacity, over=True) -> dict:
    return {
        "supervisor_id": 9,
        "supervisor": "S",
        "team": "T",
        "fte": capacity / 7,
        "supervisees": 2,
        "load_fte": load_fte,
        "capacity_fte": capacity,
        "load_pct": round(100 * load_fte / capacity, 1),
        "over": over,
    }


def test_supervisor_over_ratio_severity():
    assert gaps.load_findings([load(7.0, 7.0, over=False)], T) == []
    assert [x.severity for x in gaps.load_findings([load(7.5, 7.0)], T)] == ["medium"]
    (x,) = gaps.load_findings([load(10.5, 7.0)], T)
    assert (x.severity, x.evidence_args, x.score) == ("high", {"supervisor": 9}, 50.0)


def canc(held, cancelled) -> dict:
    total = held + cancelled
    return {
        "team_id": 1,
        "team": "T",
        "held": held,
        "cancelled": cancelled,
        "sessions": total,
        "rate": round(100 * cancelled / total, 1) if total else None,
        "reasons": [(CancelReason.SERVICE_DEMANDS, cancelled)],
    }


@pytest.mark.parametrize(
    ("held", "cancelled", "severity"),
    [(0, 0, None), (8, 2, None), (7, 3, "medium"), (6, 4, "high")],
)
def test_cancellation_rate(held, cancelled, severity):
    found = gaps.cancellation_findings([canc(held, cancelled)], F, T)
    assert [x.severity for x in found] == ([severity] if severity else [])


def flagrow(kind, rate, team_id=1) -> dict:
    return {"team_id": team_id, "team": "T", "kind": kind, "flags": 3, "workers": 4, "rate": rate}


def test_flag_rate_and_trend_words():
    now = [
        flagrow(FlagKind.WORKLOAD, 0.75),
        flagrow(FlagKind.ROLE_DRIFT, 1.0),
        flagrow(FlagKind.WELLBEING, 0.5),
    ]
    before = [flagrow(FlagKind.WORKLOAD, 0.75), flagrow(FlagKind.ROLE_DRIFT, 1.5)]
    found = {x.title: x for x in gaps.flag_findings(now, before, F, T)}
    assert set(found) == {"Flags: workload", "Flags: role drift"}  # 0.5 is not above 0.5
    assert found["Flags: workload"].sentence.endswith("0.75 (unchanged).")
    assert (found["Flags: workload"].severity, found["Flags: workload"].kind) == (
        "medium",
        "resourcing",
    )
    drift = found["Flags: role drift"]
    assert (drift.severity, drift.kind, drift.sentence.endswith("1.5 (falling).")) == (
        "high",
        "integration",
        True,
    )
    assert drift.evidence_args == {"team": 1, "kind": "role_drift"}


def test_training_and_competency_rules():
    overdue = [
        {"team_id": 1, "team": "T", "workers_overdue": w, "pairs": w, "team_workers": 10}
        for w in (1, 2, 5)
    ]
    assert [x.severity for x in gaps.training_findings(overdue, [], T)] == ["low", "medium", "high"]
    starters = [{"team_id": 1, "team": "T", "starters": 3, "under": 0}]
    assert gaps.training_findings([], starters, T) == []
    cells = [
        {
            "team_id": 1,
            "team": "T",
            "category_code": c,
            "category": c,
            "rated": 10,
            "competent": n,
            "share_competent": n * 10.0,
        }
        for c, n in (("A", 6), ("B", 5), ("C", 3))
    ]
    assert [(x.title, x.severity) for x in gaps.competency_findings(cells, T)] == [
        ("Below competent: B", "medium"),
        ("Below competent: C", "high"),
    ]


def test_thresholds_come_from_admin_settings(app):
    db.session.add(Setting(key="cancellation_rate_max", value="30"))
    db.session.commit()
    t = Targets.load()
    assert t.cancellation_rate_max == 30.0
    assert gaps.cancellation_findings([canc(7, 3)], F, t) == []  # 30% is not above 30%


@pytest.fixture
def org(app, make):
    return small_org(make)


def test_findings_for_the_small_organisation(org):
    found = gaps.findings(db.session, F, Targets.load())
    assert [(x.severity, x.kind, x.team, x.title) for x in found] == [
        ("high", "competency", "Riverside", "Below competent: Provides support"),  # 0% (60 below)
        ("high", "resourcing", "Harbour", "Overdue for supervision"),  # 1 of 2
        ("high", "resourcing", "Riverside", "Overdue for supervision"),  # 2 of 4
        ("high", "training", "Riverside", "Required modules overdue"),  # 2 of 4
        ("high", "resourcing", "Willow Ward", "Overdue for supervision"),  # 2 of 4
        ("high", "training", "Willow Ward", "Required modules overdue"),  # 2 of 4
        ("high", "resourcing", "Riverside", "No current supervisor"),  # Dev: 25%
        ("medium", "resourcing", "Riverside", "Flags: workload"),  # 0.75 is 50% over 0.5
        ("medium", "integration", "Willow Ward", "Few supervisors with lived experience"),  # 25
        ("medium", "resourcing", "Willow Ward", "Supervisor over ratio"),  # Priya 117.9%
        ("medium", "resourcing", "Riverside", "Supervision often cancelled"),  # 37.5 (17.5 over)
        ("medium", "competency", "Riverside", "Below competent: Engages peers"),  # 50% (10 below)
        ("medium", "resourcing", "Willow Ward", "Supervision often cancelled"),  # 25 (5 over)
        ("low", "training", "Harbour", "New workers with little supervision"),
        ("low", "training", "Riverside", "New workers with little supervision"),
    ]
    sentences = {(x.team, x.title): x.sentence for x in found}
    assert sentences[("Riverside", "Overdue for supervision")] == (
        "2 of 4 workers (50.0%) had no held supervision in the 14 days (trainees and first-year "
        "workers) or 30 days (others) before 30 Jun 2025."
    )
    assert sentences[("Willow Ward", "Supervisor over ratio")] == (
        "Priya Supervisor (0.4 FTE) supervises 4 workers totalling 3.3 FTE, against a capacity "
        "of 2.8 FTE (7 per full-time supervisor): 117.9% of capacity."
    )
    assert sentences[("Riverside", "Supervision often cancelled")] == (
        "3 of 8 supervision sessions (37.5%) between 1 Apr 2025 and 30 Jun 2025 were cancelled; "
        "the threshold is 20%. Main reasons: service demands (2), supervisor unavailable (1)."
    )
    assert sentences[("Riverside", "Flags: workload")] == (
        "3 'workload' flags in the 91 days to 30 Jun 2025 among 4 workers: 0.75 per worker per "
        "quarter (at most 0.5). The 91 days before: 0.33 (rising)."
    )
    assert sentences[("Willow Ward", "Few supervisors with lived experience")] == (
        "1 of 4 supervised workers (25.0%) had a supervisor with lived experience on 30 Jun 2025; "
        "the target is at least 50%."
    )
    assert sentences[("Riverside", "Required modules overdue")] == (
        "2 of 4 workers (50.0%) had not completed every required module 90 days after starting "
        "(3 modules outstanding in all)."
    )
    assert sentences[("Riverside", "Below competent: Engages peers")] == (
        "Engages peers: 2 of 4 rated competencies (50.0%) at competent or above; the target is "
        "at least 60%."
    )
    assert sentences[("Harbour", "New workers with little supervision")].startswith(
        "1 of 1 worker who started in the last 60 days had fewer than 6 hours of supervision"
    )
    evidence = {(x.team, x.title): (x.evidence, x.evidence_args) for x in found}
    assert evidence[("Willow Ward", "Supervisor over ratio")] == (
        "load",
        {"supervisor": org.priya.id},
    )
    assert evidence[("Riverside", "Below competent: Provides support")] == (
        "competency",
        {"team": org.riverside.id, "category": "SUP"},
    )


def test_a_supervisor_finding_filtered_to_a_team_states_the_teams_share(org):
    """Jo (Harbour) at 0.4 FTE: Isla 1 + Jack 1 (Harbour) + Grace 1 (Willow) = 3.0 FTE of a
    capacity of 0.4 × 7 = 2.8, 107.1%. Filtered to Willow, the finding is Willow's, says
    Jo supervises 1 worker there of 3, and its evidence lists exactly that one (Grace)."""
    from peertrain.reports.evidence_lists import EVIDENCE

    org.jo.fte = 0.4
    db.session.commit()
    t = Targets.load()

    def jo(f):
        (x,) = [x for x in gaps.findings(db.session, f, t) if x.sentence.startswith("Jo ")]
        rows, total = EVIDENCE[x.evidence].query(db.session, f, t, None, 0, **x.evidence_args)
        return x.team, x.sentence, [r["worker"] for r in rows], total

    tail = "totalling 3 FTE, against a capacity of 2.8 FTE (7 per full-time supervisor): 107.1% "
    assert jo(F) == (
        "Harbour",
        f"Jo Supervisor (0.4 FTE) supervises 3 workers {tail}of capacity.",
        ["Grace", "Isla", "Jack"],
        3,
    )
    assert jo(Filters(start=START, end=END, team_id=org.willow.id)) == (
        "Willow Ward",
        f"Jo Supervisor (0.4 FTE) supervises 1 worker in this team, 3 in all, {tail}of capacity.",
        ["Grace"],
        1,
    )
    assert jo(Filters(start=START, end=END, team_id=org.harbour.id)) == (
        "Harbour",
        f"Jo Supervisor (0.4 FTE) supervises 2 workers in this team, 3 in all, {tail}of capacity.",
        ["Isla", "Jack"],
        2,
    )
    both = frozenset({org.willow.id, org.riverside.id})  # Jo's own team not among them
    assert jo(Filters(start=START, end=END, scope=both))[1:] == (
        f"Jo Supervisor (0.4 FTE) supervises 1 worker in your teams, 3 in all, {tail}of capacity.",
        ["Grace"],
        1,
    )


def test_every_supervisor_finding_counts_what_its_evidence_lists(org):
    from peertrain.reports.evidence_lists import EVIDENCE
    from peertrain.reports.queries import supervisor_load

    org.jo.fte = 0.4
    db.session.commit()
    t = Targets.load()
    for team in (None, org.riverside.id, org.willow.id, org.harbour.id):
        f = Filters(start=START, end=END, team_id=team)
        for r in supervisor_load(db.session, f, t, only_over=True):
            args = {"supervisor": r["supervisor_id"]}
            _, total = EVIDENCE["load"].query(db.session, f, t, None, 0, **args)
            assert total == r["supervisees_in_scope"], (team, r["supervisor"])
