"""Long notes never get lost: autosaved drafts, restore after re-login, rescue of expired posts."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from peertrain.auth.services import revoke_all_sessions
from peertrain.clock import today, utcnow
from peertrain.extensions import db
from peertrain.models import AuditEvent, NoteDraft, Role, SupervisionSession, UserSession

JSON = {"Accept": "application/json"}
NOTE = "An hour of careful writing about a hard week, every word matters ZQ-DRAFT-" + "x" * 3000


@pytest.fixture
def people(make):
    team = make.team()
    sup = make.user(Role.SUPERVISOR, team=team)
    worker = make.user(Role.TRAINEE, team=team, name="Kemi")
    make.assign(sup, worker)
    return sup, worker


def new_form(worker, **over) -> dict:
    data = {
        "csrf_token": "ignored-when-csrf-is-off",
        "supervisees": [str(worker.id)],
        "format": "individual",
        "held_on": (today() - timedelta(days=1)).isoformat(),
        "minutes": "70",
        "setting": "remote",
        "topics": ["wellbeing_burnout"],
        "what_happened": NOTE,
        "what_it_meant": "It meant ZQ-MEANT",
        "what_next": "",
    }
    data.update(over)
    return data


def rescue_from(client, url: str = "/supervision/sessions/new") -> str:
    """The token the form was rendered with, which keeping text without a live login needs."""
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="rescue_token" value="([^"]+)"', page).group(1)


def expire_login(user) -> None:
    """The browser sat idle past the limit: the server-side login row times out."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id)
        .values(last_seen_at=utcnow() - timedelta(hours=2))
    )
    db.session.commit()


def drafts() -> list[NoteDraft]:
    db.session.expire_all()
    return db.session.scalars(select(NoteDraft)).all()


def test_autosave_restore_and_discard(client, login, people):
    sup, worker = people
    login(sup)
    response = client.post("/supervision/drafts/new", data=new_form(worker), headers=JSON)
    assert response.status_code == 200
    assert response.json["saved"] is True and response.json["signed_in"] is True
    again = new_form(worker, what_next="Added later ZQ-LATER")
    assert client.post("/supervision/drafts/new", data=again, headers=JSON).json["saved"]
    (draft,) = drafts()
    assert draft.key == "session:new" and draft.user_id == sup.id
    assert draft.payload["what_next"] == ["Added later ZQ-LATER"]
    assert "csrf_token" not in draft.payload  # the token is per login, never restored
    # Autosave audits the first save only; the text is never in the trail.
    saves = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "draft_save")).all()
    assert len(saves) == 1 and saves[0].detail is None

    page = client.get("/supervision/sessions/new").get_data(as_text=True)
    assert "Draft restored" in page and "Discard draft" in page
    assert "ZQ-DRAFT-" in page and "ZQ-LATER" in page and "ZQ-MEANT" in page
    assert 'value="remote" checked' in page or 'checked id="setting-1"' in page

    response = client.post("/supervision/drafts/new/discard")
    assert response.headers["Location"] == "/supervision/sessions/new"
    assert drafts() == []
    page = client.get("/supervision/sessions/new").get_data(as_text=True)
    assert "ZQ-DRAFT-" not in page and "Draft restored" not in page


def test_a_successful_save_removes_the_draft(client, login, people):
    sup, worker = people
    login(sup)
    client.post("/supervision/drafts/new", data=new_form(worker), headers=JSON)
    assert client.post("/supervision/sessions/new", data=new_form(worker)).status_code == 302
    assert drafts() == []


def test_draft_survives_an_ended_login_and_comes_back_after_signing_in(client, login, people):
    sup, worker = people
    login(sup)
    client.post("/supervision/drafts/new", data=new_form(worker), headers=JSON)
    expire_login(sup)
    response = client.get("/supervision/sessions/new")
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")
    login(sup)
    page = client.get("/supervision/sessions/new").get_data(as_text=True)
    assert "Draft restored" in page and "ZQ-DRAFT-" in page


def test_autosave_after_the_login_ended_still_keeps_the_text(client, login, people):
    sup, worker = people
    login(sup)
    rescue = rescue_from(client)
    expire_login(sup)
    response = client.post(
        "/supervision/drafts/new", data=new_form(worker, rescue_token=rescue), headers=JSON
    )
    assert response.status_code == 200
    assert response.json == {
        "saved": True,
        "signed_in": False,
        "token_expired": False,
        "saved_at": response.json["saved_at"],
        "login_url": "/auth/login?next=/supervision/sessions/new",
    }
    (draft,) = drafts()
    assert draft.user_id == sup.id


def test_submit_with_an_expired_login_keeps_the_text(client, login, people):
    sup, worker = people
    login(sup)
    rescue = rescue_from(client)
    expire_login(sup)
    response = client.post("/supervision/sessions/new", data=new_form(worker, rescue_token=rescue))
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login?next=/supervision/sessions/new"
    assert db.session.scalar(select(func.count()).select_from(SupervisionSession)) == 0
    assert "Your login had ended" in client.get(response.headers["Location"]).get_data(as_text=True)
    (draft,) = drafts()
    assert draft.user_id == sup.id and draft.payload["what_happened"] == [NOTE]
    rescue = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "draft_rescue"))
    assert rescue.actor_id == sup.id and rescue.detail is None

    response = client.post(
        "/auth/login",
        data={
            "email": sup.email,
            "password": "correct horse battery staple",
            "next": "/supervision/sessions/new",
        },
    )
    assert response.headers["Location"] == "/supervision/sessions/new"
    page = client.get("/supervision/sessions/new").get_data(as_text=True)
    assert "Draft restored" in page and NOTE in page and "ZQ-MEANT" in page
    # Submitting the restored form records the session and clears the draft.
    assert client.post("/supervision/sessions/new", data=new_form(worker)).status_code == 302
    assert drafts() == []


def test_reflection_and_edit_posts_are_rescued_to_their_own_pages(client, login, people, make):
    sup, worker = people
    sess = make.session(sup, worker)
    login(worker)
    rescue = rescue_from(client, f"/supervision/sessions/{sess.id}")
    expire_login(worker)
    text = "My own reflection, written slowly ZQ-REFL"
    response = client.post(
        f"/supervision/sessions/{sess.id}/reflection",
        data={"reflection": text, "rescue_token": rescue},
    )
    assert response.headers["Location"] == (
        f"/auth/login?next=/supervision/sessions/{sess.id}%23reflection"
    )
    login(worker)
    page = client.get(f"/supervision/sessions/{sess.id}").get_data(as_text=True)
    assert "Draft restored" in page and text in page
    client.post("/auth/logout")

    login(sup)
    rescue = rescue_from(client, f"/supervision/sessions/{sess.id}/edit")
    expire_login(sup)
    data = {"version": "1", "what_happened": "Edited then expired ZQ-EDIT", "rescue_token": rescue}
    response = client.post(f"/supervision/sessions/{sess.id}/edit", data=data)
    assert response.headers["Location"].endswith(f"next=/supervision/sessions/{sess.id}/edit")
    login(sup)
    page = client.get(f"/supervision/sessions/{sess.id}/edit").get_data(as_text=True)
    assert "ZQ-EDIT" in page and "Draft restored" in page


def test_a_revoked_login_is_not_a_way_to_plant_drafts(client, login, people):
    sup, worker = people
    login(sup)
    revoke_all_sessions(sup.id)  # e.g. the password was changed elsewhere
    db.session.commit()
    response = client.post("/supervision/sessions/new", data=new_form(worker))
    assert drafts() == []
    # The text is not thrown away: it is shown back to this browser to copy.
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "Your login had ended" in page and "ZQ-DRAFT-" in page and "ZQ-MEANT" in page


def test_a_deactivated_person_gets_nothing_stored(client, login, people):
    sup, worker = people
    login(sup)
    expire_login(sup)
    sup.active = False
    db.session.commit()
    client.post("/supervision/sessions/new", data=new_form(worker))
    assert client.post("/supervision/drafts/new", data=new_form(worker), headers=JSON).json == {
        "saved": False,
        "signed_in": False,
        "login_url": "/auth/login?next=/supervision/sessions/new",
    }
    assert drafts() == []


def test_no_cookie_at_all(client, people):
    _, worker = people
    response = client.post("/supervision/sessions/new", data=new_form(worker))
    assert response.status_code == 401 and "ZQ-MEANT" in response.get_data(as_text=True)
    empty = client.post("/supervision/sessions/new", data={"format": "individual"})
    assert empty.status_code == 302 and empty.headers["Location"].startswith("/auth/login")
    assert (
        client.post("/supervision/drafts/new", data=new_form(worker), headers=JSON).status_code
        == 401
    )
    assert drafts() == []


def test_drafts_only_for_forms_the_person_may_submit(client, login, people, make):
    sup, worker = people
    other_sup = make.user(Role.SUPERVISOR)
    theirs = make.session(sup, worker)
    login(worker)
    assert client.post("/supervision/drafts/new", data={"x": "1"}, headers=JSON).status_code == 403
    assert client.post(f"/supervision/drafts/edit-{theirs.id}", headers=JSON).status_code == 403
    ok = client.post(
        f"/supervision/drafts/reflection-{theirs.id}", data={"reflection": "mine"}, headers=JSON
    )
    assert ok.status_code == 200
    client.post("/auth/logout")
    login(other_sup)
    for key in (f"edit-{theirs.id}", f"addendum-{theirs.id}", f"reflection-{theirs.id}"):
        assert client.post(f"/supervision/drafts/{key}", headers=JSON).status_code == 403
    for key in ("nonsense", "edit-0", "edit-abc", "new-1", f"edit-{theirs.id + 1000}"):
        assert client.post(f"/supervision/drafts/{key}", headers=JSON).status_code in (403, 404)
    assert client.post(f"/supervision/drafts/edit-{theirs.id}/discard").status_code == 403
    denied = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.record_type == "note_draft", AuditEvent.outcome == "denied"
        )
    ).all()
    assert {e.actor_id for e in denied} == {worker.id, other_sup.id} and len(denied) >= 6


def test_oversized_drafts_are_refused_with_a_reason(client, login, people):
    sup, worker = people
    login(sup)
    data = new_form(worker, what_happened="y" * 400_001)
    response = client.post("/supervision/drafts/new", data=data, headers=JSON)
    assert response.status_code == 413 and response.json["reason"] == "too_big"
