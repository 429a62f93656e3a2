"""Self-assessment pages: who may reach which assessment (another team's manager, a named
lead, admins), drafts kept and autosaved, bad input kept with its message, submitting, the
action plan, and yearly trends."""

from __future__ import annotations

from datetime import timedelta

import pytest

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.integration import selfassessment_instrument
from peertrain.integration import selfassessment_services as services
from peertrain.models import AssessmentAnswer, AuditEvent, PlanAction, Role, SelfAssessment


@pytest.fixture
def world(make):
    oak, elm = make.team("Oak"), make.team("Elm")
    oak_manager = make.user(Role.MANAGER, name="Olu Manager")
    make.scope(oak_manager, oak)
    elm_manager = make.user(Role.MANAGER, name="Eli Manager")
    make.scope(elm_manager, elm)
    lead = make.user(Role.SUPERVISOR, team=oak, name="Lee Lead")
    instrument = selfassessment_instrument.current()
    a = services.start(oak_manager, instrument, oak.id, 2026, lead.id)
    return {
        "oak": oak,
        "elm": elm,
        "oak_manager": oak_manager,
        "elm_manager": elm_manager,
        "lead": lead,
        "a": a,
        "instrument": instrument,
    }


def test_another_teams_manager_is_refused_and_audited(world, client, login):
    login(world["elm_manager"])
    a = world["a"]
    for url in (
        f"/integration/assessments/{a.id}",
        f"/integration/assessments/{a.id}/sections/leadership",
    ):
        assert client.get(url).status_code == 403
    assert (
        client.post(
            f"/integration/assessments/{a.id}/sections/leadership", data={"rating_LC-1": "3"}
        ).status_code
        == 403
    )
    assert db.session.get(AssessmentAnswer, (a.id, "LC-1")) is None
    denied = db.session.query(AuditEvent).filter_by(action="self_assessment_view", outcome="denied")
    assert denied.count() == 3
    listing = client.get("/integration/assessments").get_data(True)
    assert "Oak" not in listing and "Whole organisation" not in listing


def test_a_team_manager_may_not_start_an_organisation_assessment(world, client, login):
    login(world["oak_manager"])
    page = client.get("/integration/assessments").get_data(True)
    assert 'value="org"' not in page
    response = client.post("/integration/assessments", data={"unit": "org", "year": "2026"})
    assert response.status_code == 400
    assert db.session.query(SelfAssessment).count() == 1


def test_the_named_lead_may_fill_it_in_and_another_supervisor_may_not(world, make, client, login):
    a = world["a"]
    login(world["lead"])
    response = client.post(
        f"/integration/assessments/{a.id}/sections/leadership",
        data={"rating_LC-1": "2", "comment_LC-1": "Named lead since May."},
    )
    assert response.status_code == 302
    row = db.session.get(AssessmentAnswer, (a.id, "LC-1"))
    assert (row.rating, row.comment) == (2, "Named lead since May.")
    client.post("/auth/logout")
    login(make.user(Role.SUPERVISOR, team=world["oak"]))
    assert client.get(f"/integration/assessments/{a.id}").status_code == 403


def test_bad_input_is_kept_with_its_message(world, client, login):
    a = world["a"]
    login(world["oak_manager"])
    long = "x" * 2001
    response = client.post(
        f"/integration/assessments/{a.id}/sections/leadership",
        data={"rating_LC-1": "7", "comment_LC-2": long, "comment_LC-3": "Kept words"},
    )
    assert response.status_code == 400
    page = response.get_data(True)
    assert "Not a valid choice" in page
    assert "Keep it under 2000 characters." in page
    assert "Kept words" in page and long in page
    assert db.session.query(AssessmentAnswer).count() == 0


def test_autosave_answers_json_and_stores_the_draft(world, client, login):
    a = world["a"]
    login(world["oak_manager"])
    response = client.post(
        f"/integration/assessments/{a.id}/sections/supervision",
        data={"rating_SS-1": "2", "comment_SS-1": "Half-typed"},
        headers={"X-Autosave": "1"},
    )
    assert response.status_code == 200 and response.json["saved"] is True
    assert db.session.get(AssessmentAnswer, (a.id, "SS-1")).comment == "Half-typed"
    again = client.get(f"/integration/assessments/{a.id}/sections/supervision").get_data(True)
    assert "Half-typed" in again and 'checked id="rating_SS-1-1"' in again  # value 2
    bad = client.post(
        f"/integration/assessments/{a.id}/sections/supervision",
        data={"rating_SS-1": "9"},
        headers={"X-Autosave": "1"},
    )
    assert bad.status_code == 400 and bad.json["saved"] is False
    assert "rating_SS-1" in bad.json["errors"]


def test_submit_needs_every_item_then_freezes_the_answers(world, client, login):
    a, instrument = world["a"], world["instrument"]
    login(world["oak_manager"])
    page = client.post(f"/integration/assessments/{a.id}/submit", follow_redirects=True)
    assert "Rate every item before submitting" in page.get_data(True)
    services.save_answers(
        world["oak_manager"], a, [services.Answer(i.id, 2, "") for i in instrument.items]
    )
    client.post(f"/integration/assessments/{a.id}/submit")
    db.session.refresh(a)
    assert a.status == "submitted" and a.submitted_at is not None
    locked = client.post(
        f"/integration/assessments/{a.id}/sections/leadership", data={"rating_LC-1": "3"}
    )
    assert locked.status_code == 409
    assert db.session.get(AssessmentAnswer, (a.id, "LC-1")).rating == 2


def test_action_plan_owner_due_date_status_and_dashboard(world, make, client, login):
    a = world["a"]
    login(world["oak_manager"])
    bad = client.post(
        f"/integration/assessments/{a.id}/actions",
        data={
            "description": "Write role descriptions",
            "owner": str(world["lead"].id),
            "due_on": (today() - timedelta(days=1)).isoformat(),
        },
    )
    assert bad.status_code == 400
    text = bad.get_data(True)
    assert "The due date cannot be in the past." in text and "Write role descriptions" in text
    due = today() + timedelta(days=20)
    ok = client.post(
        f"/integration/assessments/{a.id}/actions",
        data={
            "description": "Write role descriptions",
            "item": "JD-1",
            "owner": str(world["oak_manager"].id),
            "due_on": due.isoformat(),
        },
    )
    assert ok.status_code == 302
    action = db.session.query(PlanAction).one()
    assert (action.item_id, action.owner_id, action.status) == (
        "JD-1",
        world["oak_manager"].id,
        "open",
    )
    client.post(f"/integration/actions/{action.id}", data={"status": "in_progress"})
    db.session.refresh(action)
    assert action.status == "in_progress"
    dashboard = client.get("/reports/").get_data(True)
    assert "Write role descriptions" in dashboard and "In progress".lower() in dashboard
    client.post("/auth/logout")
    login(world["elm_manager"])
    assert "Write role descriptions" not in client.get("/reports/").get_data(True)
    assert (
        client.post(f"/integration/actions/{action.id}", data={"status": "done"}).status_code == 403
    )


def test_trends_show_section_scores_year_by_year(world, client, login):
    instrument, manager = world["instrument"], world["oak_manager"]
    a = world["a"]
    services.save_answers(
        manager, a, [services.Answer("LC-1", 1, ""), services.Answer("LC-2", 2, "")]
    )
    later = services.start(manager, instrument, world["oak"].id, 2027, None)
    services.save_answers(
        manager,
        later,
        [services.Answer(i.id, 3, "") for i in instrument.section("leadership").items],
    )
    login(manager)
    page = client.get("/integration/assessments").get_data(True)
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert "2026" in rows[0] and "<td>1.5</td>" in rows[0]  # (1 + 2) / 2
    assert "2027" in rows[1] and "<td>3.0</td>" in rows[1]
    again = client.post(
        "/integration/assessments", data={"unit": str(world["oak"].id), "year": "2027"}
    )
    assert again.status_code == 400
    assert "already has an assessment for that year" in again.get_data(True)


def test_dashboard_statements_do_not_grow_with_the_plan(world, make, client, login, app):
    from sqlalchemy import event

    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    a, manager = world["a"], world["oak_manager"]
    login(manager)

    def statements() -> int:
        client.get("/reports/")
        seen.clear()
        assert client.get("/reports/").status_code == 200
        return len(seen)

    due = today() + timedelta(days=10)
    services.add_action(manager, a, services.NewAction("First", manager.id, due, None))
    one = statements()
    other = make.user(Role.ADMIN)
    for n in range(8):
        owner = manager if n % 2 else other
        services.add_action(manager, a, services.NewAction(f"Step {n}", owner.id, due, None))
    assert statements() == one
    event.remove(db.engine, "before_cursor_execute", count)
