"""Who sees what: the worker and current supervisors see notes; managers see levels only;
admins, other supervisors, former supervisors and other teams' managers are refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import AuditEvent

# Unique strings planted in every free-text part of a rating.
SECRETS = {
    "self_note": "SELFNOTE-7f3a my private worry",
    "note": "SUPNOTE-91c2 talked about a hard week",
    "setting": "SETTING-44d1 a locked ward",
    "seen": "SEEN-2b8e sat with the resident",
}


@pytest.fixture
def cast(make):
    cast = make.competency_cast()
    cri1 = cast.comps["CRI-1"]
    make.competency_rating(cast.worker, cri1, 4, note=SECRETS["self_note"], days_ago=1)
    make.competency_rating(
        cast.worker,
        cri1,
        2,
        "observation",
        cast.supervisor,
        note=SECRETS["note"],
        days_ago=3,
        observed_on=today() - timedelta(days=3),
        observation_setting=SECRETS["setting"],
        observation_text=SECRETS["seen"],
        attested=True,
    )
    return cast


def profile(client, person):
    return client.get(f"/competency/people/{person.id}")


def history(client, person, code="CRI-1"):
    return client.get(f"/competency/people/{person.id}/history/{code}")


def events(action: str) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


@pytest.mark.parametrize("who", ["worker", "supervisor"])
def test_worker_and_current_supervisor_see_every_note(client, login, cast, who):
    login(getattr(cast, who))
    response = profile(client, cast.worker)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="levels-only"' not in html
    assert "History of CRI-1 (2 ratings)" in html  # the notes are one link away
    response = history(client, cast.worker)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for secret in SECRETS.values():
        assert secret in html
    # Both reads are on the record, each noting that notes were shown.
    assert [(e.actor_id, e.record_type, e.record_id, e.outcome, e.detail)
            for e in events("competency.profile.read")] == [
        (getattr(cast, who).id, "user", str(cast.worker.id), "success", "ratings with notes")
    ] * 2  # fmt: skip


def test_a_history_of_a_competency_that_does_not_exist_is_not_found(client, login, cast):
    login(cast.worker)
    assert history(client, cast.worker, "NOPE-9").status_code == 404


def test_a_history_with_no_ratings_says_so(client, login, cast):
    login(cast.worker)
    code = next(code for code in cast.comps if code != "CRI-1")
    html = history(client, cast.worker, code).get_data(as_text=True)
    assert f"You have no ratings of {code} yet." in html


def test_manager_of_the_team_sees_levels_and_no_words(client, login, cast):
    login(cast.manager)
    response = profile(client, cast.worker)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for secret in SECRETS.values():
        assert secret not in html
    row = html.split('id="c-CRI-1"')[1].split("</tr>")[0]
    assert "4 · Proficient" in row and "2 · Developing" in row
    assert "Large gap: self 2 levels higher" in row
    assert 'id="levels-only"' in html
    assert "History of" not in html
    assert "Readiness for certification" not in html
    assert "Rate a competency" not in html and "Assess yourself" not in html
    [event] = events("competency.profile.read")
    assert (event.actor_id, event.detail) == (cast.manager.id, "levels only")
    for secret in SECRETS.values():
        assert secret not in (event.detail or "")


def test_org_wide_manager_sees_levels_only_too(client, login, make, cast):
    morgan = make.user("manager")
    make.scope(morgan)  # no team: org-wide
    login(morgan)
    html = profile(client, cast.worker).get_data(as_text=True)
    assert "2 · Developing" in html
    assert not any(secret in html for secret in SECRETS.values())


@pytest.mark.parametrize(
    "who", ["other_manager", "other_supervisor", "former", "admin", "other_worker"]
)
def test_others_are_refused_and_the_refusal_is_audited(client, login, cast, who):
    login(getattr(cast, who))
    response = profile(client, cast.worker)
    assert response.status_code == 403
    assert not any(secret in response.get_data(as_text=True) for secret in SECRETS.values())
    [event] = events("competency.profile.read")
    assert (event.actor_id, event.record_id, event.outcome) == (
        getattr(cast, who).id,
        str(cast.worker.id),
        "denied",
    )


@pytest.mark.parametrize(
    "who", ["manager", "other_manager", "other_supervisor", "former", "admin", "other_worker"]
)
def test_a_history_shows_notes_so_only_the_worker_and_supervisor_see_it(client, login, cast, who):
    login(getattr(cast, who))
    response = history(client, cast.worker)
    assert response.status_code == 403
    assert not any(secret in response.get_data(as_text=True) for secret in SECRETS.values())
    [event] = events("competency.profile.read")
    assert (event.actor_id, event.record_id, event.outcome) == (
        getattr(cast, who).id,
        str(cast.worker.id),
        "denied",
    )


@pytest.mark.parametrize("who", ["manager", "other_supervisor", "former", "admin"])
def test_readiness_is_for_the_worker_and_their_supervisor_only(client, login, cast, who):
    login(getattr(cast, who))
    assert client.get(f"/competency/people/{cast.worker.id}/readiness").status_code == 403
    [event] = events("competency.readiness.read")
    assert event.outcome == "denied"


def test_supervisees_page_lists_only_current_supervisees(client, login, make, cast):
    login(cast.supervisor)
    html = client.get("/competency/supervisees").get_data(as_text=True)
    assert "Wren Worker" in html and "Olive Otherteam" not in html
    assert f"/competency/people/{cast.worker.id}/rate" in html
    assert not any(secret in html for secret in SECRETS.values())
    client.post("/auth/logout")
    login(cast.former)
    assert "Wren Worker" not in client.get("/competency/supervisees").get_data(as_text=True)


def test_supervisees_page_counts_competent_and_waiting_self_assessments(client, login, make, cast):
    make.competency_rating(cast.worker, cast.comps["ENG-1"], 3, "supervisor", cast.supervisor)
    login(cast.supervisor)
    html = client.get("/competency/supervisees").get_data(as_text=True)
    row = html.split("Wren Worker")[1].split("</tr>")[0]
    cells = [c.split("</td>")[0].strip() for c in row.split("<td")[1:]]
    # team, competent, new self-assessments (CRI-1's self view is newer than the rating)
    assert cells[1].endswith("1 of 4")
    assert cells[2].endswith(">1")
    assert "Not yet" in cells[4]
