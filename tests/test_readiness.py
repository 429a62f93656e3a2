"""Readiness for certification: the pure rule on hand-made figures, then gathered from records."""

from __future__ import annotations

import pytest

from peertrain.assessments.readiness import CATEGORY_RULE, assess, readiness_for
from peertrain.extensions import db
from peertrain.models import Setting

ALL_COMPETENT = [
    ("ENG", "Engages", [("ENG-1", 3), ("ENG-2", 4)]),
    ("CRI", "Crises", [("CRI-1", 3), ("CRI-2", 3)]),
]


def ready_figures(**changes) -> dict:
    figures = {
        "modules_done": ["A", "B"],
        "modules_missing": [],
        "hours": 6.0,
        "hours_target": 6,
        "categories": ALL_COMPETENT,
    }
    figures.update(changes)
    return figures


def test_everything_met_is_ready_with_nothing_missing():
    result = assess(**ready_figures())
    assert result.ready
    assert (result.modules_met, result.hours_met, result.categories_met) == (True, True, True)
    assert result.missing == []


def test_missing_modules_are_named():
    result = assess(**ready_figures(modules_done=["A"], modules_missing=["Crisis", "Teams"]))
    assert not result.ready and not result.modules_met
    assert result.missing == [
        "Complete the required module “Crisis”.",
        "Complete the required module “Teams”.",
    ]


@pytest.mark.parametrize(("hours", "met"), [(0, False), (5.9, False), (6, True), (12.5, True)])
def test_hours_are_compared_with_the_target(hours, met):
    result = assess(**ready_figures(hours=hours))
    assert result.hours_met is met and result.ready is met
    if not met:
        assert result.missing == [f"Supervised hours: {hours:g} hours so far, 6 hours needed."]


def test_a_category_is_met_only_when_every_competency_is_competent_or_above():
    categories = [
        ("ENG", "Engages", [("ENG-1", 4), ("ENG-2", 2)]),
        ("CRI", "Crises", [("CRI-1", None), ("CRI-2", 1), ("CRI-3", 3)]),
        ("GRO", "Growth", [("GRO-1", 3)]),
    ]
    result = assess(**ready_figures(categories=categories))
    assert [c.met for c in result.categories] == [False, False, True]
    assert not result.categories_met and not result.ready
    assert result.missing == [
        "Engages — below competent: ENG-2 (developing).",
        "Crises — below competent: CRI-2 (not yet); not yet rated by a supervisor: CRI-1.",
    ]
    assert "every competency" in CATEGORY_RULE and "Self-assessments do not count" in CATEGORY_RULE


def test_no_framework_is_never_ready():
    result = assess(**ready_figures(categories=[]))
    assert not result.ready
    assert result.missing == ["The competency framework has not been loaded yet."]


# --- gathered from the database -----------------------------------------------------------


@pytest.fixture
def cast(make):
    return make.competency_cast()


def test_readiness_for_gathers_modules_hours_and_current_levels(make, cast):
    worker, sup = cast.worker, cast.supervisor
    make.rating_module("Peer values", completed_by=worker, pathway_role="trainee")
    make.rating_module("Crisis work", pathway_role="trainee")
    make.rating_module("Optional", required=False, pathway_role="trainee")
    make.rating_session(sup, worker, minutes=90)
    make.rating_session(sup, worker, minutes=60, status="cancelled")  # not supervision held
    for code in ("ENG-1", "ENG-2", "CRI-1", "CRI-2"):
        make.competency_rating(worker, cast.comps[code], 4)  # self views: never count
    make.competency_rating(worker, cast.comps["ENG-1"], 3, "supervisor", sup)
    make.competency_rating(worker, cast.comps["ENG-2"], 3, "observation", sup)
    make.competency_rating(worker, cast.comps["CRI-1"], 2, "supervisor", sup)

    result = readiness_for(worker)
    assert (result.modules_done, result.modules_missing) == (("Peer values",), ("Crisis work",))
    assert (result.hours, result.hours_target) == (1.5, 6)
    assert [(c.code, c.met) for c in result.categories] == [("ENG", True), ("CRI", False)]
    assert dict(result.categories[1].short) == {"CRI-1": 2, "CRI-2": None}
    assert not result.ready


def test_admin_changed_hours_target_is_used(make, cast):
    db.session.add(Setting(key="hours_before_contact", value="1"))
    db.session.commit()
    make.rating_session(cast.supervisor, cast.worker, minutes=90)
    for comp in cast.comps.values():
        make.competency_rating(cast.worker, comp, 3, "supervisor", cast.supervisor)
    result = readiness_for(cast.worker)
    assert result.hours_target == 1 and result.hours_met
    assert result.ready  # no required modules on any pathway here


@pytest.mark.parametrize("who", ["worker", "supervisor"])
def test_readiness_page_lists_what_is_missing(client, login, make, cast, who):
    make.rating_module("Crisis work", pathway_role="trainee")
    make.competency_rating(cast.worker, cast.comps["CRI-1"], 2, "supervisor", cast.supervisor)
    login(getattr(cast, who))
    response = client.get(f"/competency/people/{cast.worker.id}/readiness")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # What the worker can do is listed apart from what waits on a supervisor.
    yours = html.split('id="readiness-yours"')[1].split("</ul>")[0]
    waiting = html.split('id="readiness-waiting"')[1].split("</ul>")[0]
    assert "Complete the required module “Crisis work”." in yours
    assert "Supervised hours" not in yours and "CRI-1" not in yours
    assert "Supervised hours: 0 hours so far, 6 hours needed." in waiting
    assert "CRI-1 (developing)" in waiting and "ENG-1" in waiting
    assert "Crisis work" not in waiting
    assert html.index('id="yours-h"') < html.index('id="waiting-h"')
    assert CATEGORY_RULE in html


def test_profile_summarises_readiness_for_the_worker(client, login, make, cast):
    db.session.add(Setting(key="hours_before_contact", value="0"))
    db.session.commit()
    for comp in cast.comps.values():
        make.competency_rating(cast.worker, comp, 3, "supervisor", cast.supervisor)
    login(cast.worker)
    html = client.get("/competency/").get_data(as_text=True)
    summary = html.split('id="ready-h"')[1].split("</section>")[0]
    assert "Ready</span> Every requirement is met." in summary
