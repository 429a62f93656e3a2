"""With CSRF on: an expired or wrong security token on a note form keeps the text."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import func, select, update

from peertrain.clock import today, utcnow
from peertrain.extensions import db
from peertrain.models import NoteDraft, Role, SupervisionSession, UserSession

from .conftest import FreshRequestClient
from .factories import PASSWORD

TOKEN = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
NOTE = "Notes typed across a long afternoon ZQ-CSRF-NOTE"


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": True}


class FreshTokenClient(FreshRequestClient):
    """Tests share one app context, so Flask-WTF's per-request token cache in `g` would leak
    from one request into the next (after a login clears the session, say)."""

    def open(self, *args, **kwargs):
        g.pop("csrf_token", None)
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = FreshTokenClient
    return app.test_client()


@pytest.fixture
def people(make):
    sup = make.user(Role.SUPERVISOR)
    worker = make.user(Role.TRAINEE)
    make.assign(sup, worker)
    return sup, worker


def token_from(client, url: str) -> str:
    return TOKEN.search(client.get(url).get_data(as_text=True)).group(1)


def sign_in(client, user) -> None:
    token = token_from(client, "/auth/login")
    response = client.post(
        "/auth/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


RESCUE = re.compile(r'name="rescue_token" value="([^"]+)"')


def rescue_from(client, url: str = "/supervision/sessions/new") -> str:
    """The token the form page was rendered with, which a rescue must carry."""
    return RESCUE.search(client.get(url).get_data(as_text=True)).group(1)


def form(worker, token: str, rescue: str = "") -> dict:
    return {
        "csrf_token": token,
        "rescue_token": rescue,
        "supervisees": [str(worker.id)],
        "format": "individual",
        "held_on": (today() - timedelta(days=1)).isoformat(),
        "minutes": "55",
        "setting": "in_person",
        "what_happened": NOTE,
    }


def stored_drafts():
    db.session.expire_all()
    return db.session.scalars(select(NoteDraft)).all()


def test_valid_token_records_the_session(client, people):
    sup, worker = people
    sign_in(client, sup)
    token = token_from(client, "/supervision/sessions/new")
    response = client.post("/supervision/sessions/new", data=form(worker, token))
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(SupervisionSession)) == 1


def test_bad_token_while_signed_in_keeps_the_text_and_returns_to_the_form(client, people):
    sup, worker = people
    sign_in(client, sup)
    rescue = rescue_from(client)
    response = client.post("/supervision/sessions/new", data=form(worker, "stale-token", rescue))
    assert response.status_code == 302
    assert response.headers["Location"] == "/supervision/sessions/new"
    page = client.get("/supervision/sessions/new").get_data(as_text=True)
    assert "security token had expired" in page and "Draft restored" in page and NOTE in page
    assert db.session.scalar(select(func.count()).select_from(SupervisionSession)) == 0
    # Saving from the restored form with its fresh token works.
    token = TOKEN.search(page).group(1)
    assert client.post("/supervision/sessions/new", data=form(worker, token)).status_code == 302
    assert stored_drafts() == []


def test_token_from_an_earlier_login_and_an_ended_login(client, people):
    """Signed in, opened the form, the login timed out, and the token no longer matches."""
    sup, worker = people
    sign_in(client, sup)
    old_token = token_from(client, "/supervision/sessions/new")
    rescue = rescue_from(client)
    db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(hours=3)))
    db.session.commit()
    with client.session_transaction() as cookie:
        cookie["csrf_token"] = "rotated"  # the token the page carries no longer matches
    response = client.post("/supervision/sessions/new", data=form(worker, old_token, rescue))
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login?next=/supervision/sessions/new"
    (draft,) = stored_drafts()
    assert draft.user_id == sup.id and draft.payload["what_happened"] == [NOTE]
    sign_in(client, sup)
    assert NOTE in client.get("/supervision/sessions/new").get_data(as_text=True)


def test_autosave_with_a_stale_token_still_keeps_the_draft(client, people):
    sup, worker = people
    sign_in(client, sup)
    response = client.post(
        "/supervision/drafts/new",
        data=form(worker, "stale-token", rescue_from(client)),
        headers={"Accept": "application/json", "X-CSRFToken": "stale-token"},
    )
    assert response.status_code == 200
    assert response.json["saved"] and response.json["token_expired"]
    assert len(stored_drafts()) == 1


def test_other_supervision_posts_with_a_bad_token_are_refused_plainly(client, people, make):
    sup, worker = people
    sess = make.session(sup, worker)
    sign_in(client, worker)
    response = client.post(f"/supervision/sessions/{sess.id}/acknowledge", data={"csrf_token": "x"})
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(SupervisionSession, sess.id).participants[0].acknowledged_at is None


# --- a rescue needs a token from this site, and never overwrites the autosaved draft --------

MINE = "MY HOUR OF NOTES ZQ-MINE"
PLANTED = "PLANTED TEXT ZQ-PLANTED"
SAME_SITE = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}


def autosave(client, worker, text: str) -> None:
    token = token_from(client, "/supervision/sessions/new")
    response = client.post(
        "/supervision/drafts/new",
        data={**form(worker, token), "what_happened": text},
        headers={"Accept": "application/json", "X-CSRFToken": token},
    )
    assert response.status_code == 200 and not response.json["token_expired"]


def kept() -> dict:
    return {d.key: d.payload["what_happened"] for d in stored_drafts()}


def test_a_post_without_any_token_stores_nothing_and_keeps_the_draft(client, people):
    sup, worker = people
    sign_in(client, sup)
    autosave(client, worker, MINE)
    planted = {"what_happened": PLANTED, "supervisees": str(worker.id)}
    response = client.post(
        "/supervision/drafts/new", data=planted, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    response = client.post("/supervision/sessions/new", data=planted)
    assert response.status_code == 400 and "missing its security token" in response.get_data(
        as_text=True
    )
    # An empty token is no token; nor is a login that has just ended a way round it.
    assert (
        client.post("/supervision/sessions/new", data={**planted, "csrf_token": " "}).status_code
        == 400
    )
    db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(hours=3)))
    db.session.commit()
    assert client.post("/supervision/sessions/new", data=planted).status_code == 400
    assert kept() == {"session:new": [MINE]}
    sign_in(client, sup)
    page = client.get("/supervision/sessions/new").get_data(as_text=True)
    assert MINE in page and PLANTED not in page


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://localhost:8080"},
        {"Sec-Fetch-Site": "same-site"},  # a sibling subdomain: same site, another origin
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "http://localhost", "Sec-Fetch-Site": "cross-site"},
    ],
)
def test_a_post_from_another_origin_is_refused_even_with_a_token(client, people, headers):
    sup, worker = people
    sign_in(client, sup)
    autosave(client, worker, MINE)
    data = {**form(worker, "stale-token"), "what_happened": PLANTED}
    response = client.post("/supervision/sessions/new", data=data, headers=headers)
    assert response.status_code == 400 and "security token" in response.get_data(as_text=True)
    response = client.post(
        "/supervision/drafts/new",
        data=data,
        headers={**headers, "Accept": "application/json", "X-CSRFToken": "stale-token"},
    )
    assert response.status_code == 400
    assert kept() == {"session:new": [MINE]}
    assert db.session.scalar(select(func.count()).select_from(SupervisionSession)) == 0


def test_a_stale_token_from_this_site_is_rescued_beside_the_autosaved_draft(client, people):
    sup, worker = people
    sign_in(client, sup)
    autosave(client, worker, MINE)
    response = client.post(
        "/supervision/sessions/new",
        data=form(worker, "stale-token", rescue_from(client)),
        headers=SAME_SITE,
    )
    assert (
        response.status_code == 302 and response.headers["Location"] == "/supervision/sessions/new"
    )
    assert kept() == {"session:new": [MINE], "session:new:rescued": [NOTE]}
    # The form brings back the rescued text (the newer) and offers the autosaved draft too.
    page = client.get("/supervision/sessions/new").get_data(as_text=True)
    assert "Draft restored" in page and "You also have an autosaved draft" in page
    assert f"\n{NOTE}</textarea>" in page and MINE in page
    # Discarding the rescued text leaves the autosaved draft, which then fills the form.
    token = TOKEN.search(page).group(1)
    response = client.post("/supervision/drafts/new-rescued/discard", data={"csrf_token": token})
    assert response.status_code == 302
    assert kept() == {"session:new": [MINE]}
    page = client.get("/supervision/sessions/new").get_data(as_text=True)
    assert f"\n{MINE}</textarea>" in page and NOTE not in page


def test_an_autosave_with_a_stale_token_fills_the_rescued_slot_only(client, people):
    sup, worker = people
    sign_in(client, sup)
    autosave(client, worker, MINE)
    response = client.post(
        "/supervision/drafts/new",
        data=form(worker, "stale-token", rescue_from(client)),
        headers={**SAME_SITE, "Accept": "application/json", "X-CSRFToken": "stale-token"},
    )
    assert response.status_code == 200 and response.json["token_expired"]
    assert kept() == {"session:new": [MINE], "session:new:rescued": [NOTE]}
    # Nobody posts into the rescued slot directly, and a real save clears both.
    token = token_from(client, "/supervision/sessions/new")
    direct = client.post(
        "/supervision/drafts/new-rescued",
        data={"csrf_token": token, "what_happened": PLANTED},
        headers={"Accept": "application/json"},
    )
    assert direct.status_code == 404
    assert client.post("/supervision/sessions/new", data=form(worker, token)).status_code == 302
    assert stored_drafts() == []


@pytest.mark.parametrize("which", ["none", "other form", "other person", "tampered"])
def test_a_rescue_needs_the_token_issued_with_that_form_to_that_person(client, people, make, which):
    """Any CSRF token and the old cookie are not enough to plant text into someone's drafts:
    the post gets its text shown back and nothing is stored."""
    sup, worker = people
    other = make.user(Role.SUPERVISOR)
    make.assign(other, worker)
    if which == "other person":
        sign_in(client, other)
        rescue = rescue_from(client)
        client.post("/auth/logout", data={"csrf_token": token_from(client, "/supervision/")})
    sign_in(client, sup)
    rescue = {
        "none": "",
        "other form": rescue_from(client, "/supervision/sessions/cancel"),
        "other person": rescue if which == "other person" else "",
        "tampered": rescue_from(client)[:-2] + "xx",
    }[which]
    response = client.post(
        "/supervision/sessions/new", data=form(worker, "stale-token", rescue), headers=SAME_SITE
    )
    assert response.status_code == 400 and NOTE in response.get_data(as_text=True)
    assert stored_drafts() == []
