"""Supervisors see current supervisees' progress and submitted reflections; nobody else does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import AuditEvent, Role

DRAFT = "Half-formed draft words I am not ready to share."
SUBMITTED = "What I noticed about myself this week."


@pytest.fixture
def scene(make):
    team, other_team = make.team("Riverside"), make.team("Harbour")
    module = make.module("reflect", title="Boundaries")
    make.pathway(module)
    trainee = make.user(
        Role.TRAINEE, team=team, name="Tara Trainee", start_date=today() - timedelta(days=120)
    )
    supervisor = make.user(Role.SUPERVISOR, team=team, name="Sam Supervisor")
    make.assign(supervisor, trainee)
    make.progress(trainee, module, read=[1, 2])
    make.attempt(trainee, module, score=60, passed=False)
    make.reflection(trainee, module, prompt_id="r1", text=SUBMITTED, submitted=True)
    make.reflection(trainee, module, prompt_id="r2", text=DRAFT)
    return {
        "team": team,
        "other_team": other_team,
        "module": module,
        "trainee": trainee,
        "supervisor": supervisor,
    }


def audit(action: str, outcome: str | None = None) -> list[AuditEvent]:
    stmt = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    if outcome:
        stmt = stmt.where(AuditEvent.outcome == outcome)
    return list(db.session.scalars(stmt))


def test_supervisor_list_summarises_each_current_supervisee(app, make, login, client, scene):
    someone_else = make.user(Role.TRAINEE, name="Not Mine")
    login(scene["supervisor"])
    html = client.get("/training/supervisees").get_data(as_text=True)
    assert f'href="/training/supervisees/{scene["trainee"].id}">Tara Trainee</a>' in html
    assert "0 of 1 (0%)" in html and '<span class="overdue">1</span>' in html
    assert "Not Mine" not in html and f"/training/supervisees/{someone_else.id}" not in html
    assert SUBMITTED not in html  # the list shows counts, never text
    assert audit("reflection_read") == []


def test_current_supervisor_sees_progress_and_submitted_reflections_only(app, login, client, scene):
    login(scene["supervisor"])
    response = client.get(f"/training/supervisees/{scene['trainee'].id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Tara Trainee: training" in html and "Boundaries" in html
    assert "In progress" in html and "2 of 3" in html and "1 attempt, best 60%" in html
    assert "Overdue" in html
    assert SUBMITTED in html
    assert DRAFT not in html
    reads = audit("reflection_read")
    assert len(reads) == 1 and reads[0].actor_id == scene["supervisor"].id
    assert reads[0].record_type == "reflection" and reads[0].outcome == "success"
    (page,) = audit("training_record_read", "success")
    assert page.record_id == str(scene["trainee"].id)


@pytest.mark.parametrize(
    "who",
    [
        "supervisor_of_someone_else",
        "other_team_supervisor",
        "former_supervisor",
        "future_supervisor",
        "team_manager",
        "org_manager",
        "admin",
        "the_trainee",
        "team_colleague",
        "manager_who_also_supervises",
    ],
)
def test_everyone_else_is_refused_and_the_refusal_recorded(app, make, login, client, scene, who):
    trainee = scene["trainee"]
    if who == "supervisor_of_someone_else":
        viewer = make.user(Role.SUPERVISOR, team=scene["team"])
        make.assign(viewer, make.user(Role.TRAINEE, team=scene["team"]))
    elif who == "other_team_supervisor":
        viewer = make.user(Role.SUPERVISOR, team=scene["other_team"])
        make.assign(viewer, make.user(Role.TRAINEE, team=scene["other_team"]))
    elif who == "former_supervisor":
        viewer = make.user(Role.SUPERVISOR, team=scene["team"])
        make.assign(
            viewer, trainee, start=today() - timedelta(days=200), end=today() - timedelta(days=1)
        )
    elif who == "future_supervisor":
        viewer = make.user(Role.SUPERVISOR, team=scene["team"])
        make.assign(viewer, trainee, start=today() + timedelta(days=7))
    elif who == "team_manager":
        viewer = make.user(Role.MANAGER)
        make.scope(viewer, scene["team"])
    elif who == "org_manager":
        viewer = make.user(Role.MANAGER)
        make.scope(viewer)
    elif who == "admin":
        viewer = make.user(Role.ADMIN)
    elif who == "the_trainee":
        viewer = trainee
    elif who == "team_colleague":
        viewer = make.user(Role.TRAINEE, team=scene["team"])
    else:
        # Holding the supervisor role and managing the team is still not supervising her.
        viewer = make.user(Role.MANAGER, Role.SUPERVISOR)
        make.scope(viewer, scene["team"])
    login(viewer)
    response = client.get(f"/training/supervisees/{trainee.id}")
    assert response.status_code == 403
    body = response.get_data(as_text=True)
    assert SUBMITTED not in body and DRAFT not in body
    (refusal,) = audit("training_record_read", "denied")
    assert refusal.actor_id == viewer.id and refusal.record_id == str(trainee.id)
    assert audit("reflection_read") == []


def test_no_such_person_looks_the_same_as_someone_elses(app, login, client, scene):
    login(scene["supervisor"])
    assert client.get("/training/supervisees/999999").status_code == 403
    assert len(audit("training_record_read", "denied")) == 1


def test_supervisor_list_does_not_include_former_supervisees(app, make, login, client, scene):
    former = make.user(Role.TRAINEE, name="Former Person")
    make.assign(
        scene["supervisor"],
        former,
        start=today() - timedelta(days=90),
        end=today() - timedelta(days=2),
    )
    login(scene["supervisor"])
    html = client.get("/training/supervisees").get_data(as_text=True)
    assert "Tara Trainee" in html and "Former Person" not in html
    assert client.get(f"/training/supervisees/{former.id}").status_code == 403


def test_managers_never_reach_reflection_text_anywhere(app, make, login, client, scene):
    manager = make.user(Role.MANAGER)
    make.scope(manager, scene["team"])
    login(manager)
    for url in (
        "/training/",
        "/training/supervisees",
        f"/training/supervisees/{scene['trainee'].id}",
        "/training/reflect/reflections",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert SUBMITTED not in response.get_data(as_text=True)
