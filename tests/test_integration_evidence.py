"""Evidence beside self-assessment items, against the hand-worked figures of
tests/integration_data.py, and the over-rating highlight."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.integration import selfassessment_instrument, selfassessment_read
from peertrain.integration import selfassessment_services as services
from peertrain.integration.selfassessment_measures import MEASURES, Figures
from peertrain.models import Role
from peertrain.reports.queries import Targets

from .integration_data import oak_team


@pytest.fixture
def oak(make):
    return oak_team(make)


def _evidence(oak):
    draft = SimpleNamespace(submitted_at=None, team_id=oak["team"].id)
    fig = Figures(db.session, selfassessment_read.evidence_filters(draft), Targets.load())
    return {key: m.compute(fig) for key, m in MEASURES.items()}


def test_figures_match_the_hand_worked_numbers(oak):
    ev = _evidence(oak)
    assert ev["supervision_coverage"].figures == (
        "1 of 4 workers (25.0 %) seen within their supervision interval; 3 overdue (75.0 %); "
        "1 with no current supervisor."
    )
    assert ev["supervision_coverage"].supports == 1
    assert ev["lived_experience_supervision"].figures.startswith(
        "2 of 3 supervised workers (66.7 %) have a supervisor with lived experience"
    )
    assert ev["lived_experience_supervision"].supports == 3
    assert "1 of 2 supervisors over the ratio of 7 FTE" in ev["supervision_ratio"].figures
    assert "highest load is 142.9 % of capacity" in ev["supervision_ratio"].figures
    assert ev["supervision_ratio"].supports == 2
    assert ev["cancellations"].figures.startswith(
        "2 of 4 sessions cancelled (50.0 %; the threshold is 20 %), 1 for service demands"
    )
    assert ev["cancellations"].supports == 1
    assert "role drift 1 (0.25 a worker a quarter)" in ev["role_drift_flags"].figures
    assert ev["role_drift_flags"].supports == 3
    assert ev["training_overdue"].figures.startswith("1 of 4 workers (25.0 %)")
    assert ev["training_overdue"].supports == 1
    assert ev["supervisor_pathway"].figures.startswith("1 of 2 supervisors (50.0 %)")
    assert ev["supervisor_pathway"].supports == 2


def test_role_drift_log_says_not_recorded_until_its_table_exists(oak, monkeypatch):
    from peertrain.integration import selfassessment_queries

    monkeypatch.setattr(selfassessment_queries, "DRIFT_LOG_TABLE", "no_such_table")
    ev = _evidence(oak)["role_drift_log"]
    assert ev.figures.startswith("Not recorded yet")
    assert ev.supports is None


def test_role_drift_log_counts_come_from_the_log_once_it_exists(oak, make):
    models = pytest.importorskip("peertrain.models")
    if not hasattr(models, "DriftEntry"):
        pytest.skip("the role-drift log (the other part of issue 16) is not in this tree")
    from peertrain.integration import selfassessment_queries

    assert selfassessment_queries.drift_log_available(db.session)
    assert _evidence(oak)["role_drift_log"].supports == 2  # in use, nothing logged yet
    fifth = make.user(Role.TRAINEE, team=oak["team"], name="Eve")
    people = [oak["ann"], oak["ben"], oak["cai"], oak["dee"], fifth]
    for person in people:
        db.session.add(models.DriftEntry(worker_id=person.id, happened_on=today(),
                                         task="enforcing_rules", asked_by="nurse", done="no",
                                         note="PLANTED-NOTE"))  # fmt: skip
    db.session.commit()
    ev = _evidence(oak)["role_drift_log"]
    assert ev.figures.startswith("5 entries in peer workers' role-drift logs")
    assert "PLANTED-NOTE" not in ev.figures
    assert ev.supports == 3


def test_another_team_does_not_change_the_figures(oak, make):
    other = make.team("Elm")
    sup = make.user(Role.SUPERVISOR, team=other, fte=0.1)
    for _ in range(3):
        make.assign(sup, make.user(Role.TRAINEE, team=other))
    ev = _evidence(oak)
    assert ev["supervision_coverage"].figures.startswith("1 of 4 workers")
    assert ev["supervision_ratio"].supports == 2


def _assessment(make, oak, ratings: dict[str, int]):
    manager = make.user(Role.MANAGER)
    make.scope(manager, oak["team"])
    instrument = selfassessment_instrument.current()
    a = services.start(manager, instrument, oak["team"].id, 2026, None)
    services.save_answers(manager, a, [services.Answer(k, v, "") for k, v in ratings.items()])
    return manager, a


def test_items_rated_above_the_data_are_highlighted(oak, make, client, login):
    # SS-1 coverage supports 1, SS-3 lived experience supports 3, SS-2 ratio supports 2.
    manager, a = _assessment(make, oak, {"SS-1": 3, "SS-2": 2, "SS-3": 3, "SS-4": 2})
    login(manager)
    page = client.get(f"/integration/assessments/{a.id}/sections/supervision").get_data(True)
    assert page.count("higher than the data support") == 2
    assert "Rated 3, higher than the data support (at most 1)" in page  # SS-1
    assert "Rated 2, higher than the data support (at most 1)" in page  # SS-4 cancellations
    overview = client.get(f"/integration/assessments/{a.id}").get_data(True)
    assert "2 items rated higher than the records support" in overview
    assert "SS-1, SS-4" in overview


def test_a_rating_the_data_support_is_not_highlighted(oak, make, client, login):
    manager, a = _assessment(make, oak, {"SS-1": 1, "SS-3": 3})
    login(manager)
    page = client.get(f"/integration/assessments/{a.id}/sections/supervision").get_data(True)
    assert "higher than the data support" not in page
    assert "66.7 %" in page and "75.0 %" in page
