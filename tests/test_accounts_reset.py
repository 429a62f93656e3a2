"""Password reset by the user: enumeration, single use, expiry, tampering, limits, sessions."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from peertrain.accounts import tokens
from peertrain.auth.services import find_user_by_email
from peertrain.extensions import db
from peertrain.models import AccountToken, AuditEvent, UserSession
from peertrain.passwords import verify_password

from .accounts_helpers import last_link, messages
from .conftest import IS_POSTGRES

NEW = "a brand new river stone"


def _ask(client, email: str):
    return client.post("/account/forgot", data={"email": email})


def test_login_page_offers_reset_instead_of_asking_the_admin(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert 'href="/account/forgot"' in page and "Forgotten your password?" in page
    assert "Ask your administrator to set a new one" not in page


def test_same_answer_for_existing_and_unknown_email(client, make, monkeypatch):
    user = make.user(email="known@example.org")
    made = []
    real = tokens.hash_token
    monkeypatch.setattr(tokens, "hash_token", lambda raw: made.append(raw) or real(raw))
    known = _ask(client, "Known@Example.org")
    after_known = len(made)
    unknown = _ask(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.get_data() == unknown.get_data()
    assert "Check your email" in known.get_data(as_text=True)
    # Both paths did the token work: one token generated and hashed each.
    assert after_known == 1 and len(made) == 2
    assert len(messages(user.email, "password_reset")) == 1
    assert messages("nobody@example.org") == []
    outcomes = db.session.scalars(
        select(AuditEvent.outcome).where(AuditEvent.action == "password_reset_request")
    ).all()
    assert sorted(outcomes) == ["no_account", "success"]


def test_inactive_account_gets_the_same_answer_and_no_mail(client, make):
    user = make.user(email="gone@example.org", active=False)
    unknown = _ask(client, "never@example.org")
    response = _ask(client, user.email)
    assert response.get_data() == unknown.get_data()
    assert messages(user.email) == []


def test_reset_sets_password_ends_every_session_and_is_single_use(app, client, make, login):
    user = make.user(email="resetme@example.org")
    other = app.test_client()
    other.post(
        "/auth/login", data={"email": user.email, "password": "correct horse battery staple"}
    )
    assert other.get("/trainee").status_code == 200
    _ask(client, user.email)
    link = last_link(user.email, "password_reset")
    form = client.get(link)
    assert form.status_code == 200 and "Choose a new password" in form.get_data(as_text=True)
    done = client.post(link, data={"password": NEW, "confirm": NEW})
    assert done.status_code == 302 and done.headers["Location"].endswith("/auth/login")
    db.session.expire_all()
    assert verify_password(find_user_by_email(user.email).password_hash, NEW)
    live = db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
    ).all()
    assert live == []
    assert other.get("/trainee").status_code == 302  # the old login's cookie is refused
    again = client.post(link, data={"password": "another fine password", "confirm": "x"})
    assert again.status_code == 404 and "no longer works" in again.get_data(as_text=True)
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.record_id == str(user.id))
    ).all()
    assert "password_reset" in actions
    assert login(user, NEW).headers["Location"] == "/"


def test_reset_form_applies_the_password_rules_and_keeps_nothing_secret(client, make):
    user = make.user(email="rules@example.org", name="Rula Rules")
    _ask(client, user.email)
    link = last_link(user.email, "password_reset")
    short = client.post(link, data={"password": "short", "confirm": "short"})
    assert short.status_code == 400 and "at least 12 characters" in short.get_data(as_text=True)
    common = client.post(link, data={"password": "password1234", "confirm": "password1234"})
    assert "commonly used" in common.get_data(as_text=True)
    differ = client.post(link, data={"password": NEW, "confirm": NEW + "x"})
    assert "The two entries differ." in differ.get_data(as_text=True)
    # Refused attempts do not use the link up.
    assert client.post(link, data={"password": NEW, "confirm": NEW}).status_code == 302


def test_expired_link_refused(client, make):
    user = make.user(email="late@example.org")
    _ask(client, user.email)
    link = last_link(user.email, "password_reset")
    row = db.session.scalar(select(AccountToken).where(AccountToken.user_id == user.id))
    row.expires_at = row.created_at + timedelta(minutes=30) - timedelta(hours=1)
    db.session.commit()
    assert client.get(link).status_code == 404
    assert client.post(link, data={"password": NEW, "confirm": NEW}).status_code == 404


def test_link_lasts_thirty_minutes_and_stores_only_a_hash(client, make):
    user = make.user(email="hash@example.org")
    _ask(client, user.email)
    raw = last_link(user.email, "password_reset").rsplit("/", 1)[1]
    row = db.session.scalar(select(AccountToken).where(AccountToken.user_id == user.id))
    assert row.expires_at - row.created_at == timedelta(minutes=30)
    assert row.token_hash == tokens.hash_token(raw) and raw not in row.token_hash


def test_tampered_link_refused(client, make):
    user = make.user(email="tamper@example.org")
    _ask(client, user.email)
    link = last_link(user.email, "password_reset")
    flipped = link[:-1] + ("A" if link[-1] != "A" else "B")
    for bad in (flipped, link[:-3], link + "x", "/account/reset/" + "A" * 500):
        assert client.get(bad).status_code == 404
    invitation_path = link.replace("/reset/", "/invitation/")
    assert client.get(invitation_path).status_code == 404  # a reset token is not an invitation


def test_newer_link_replaces_older(client, make):
    user = make.user(email="twice@example.org")
    _ask(client, user.email)
    first = last_link(user.email, "password_reset")
    _ask(client, user.email)
    second = last_link(user.email, "password_reset")
    assert first != second
    assert client.get(first).status_code == 404 and client.get(second).status_code == 200


@pytest.fixture
def config_overrides():
    return {"RESET_MAX_PER_ACCOUNT": 2, "RESET_MAX_PER_ADDRESS": 5}


def test_rate_limited_per_account_with_the_same_answer(client, make):
    user = make.user(email="limit@example.org")
    answers = {_ask(client, user.email).get_data() for _ in range(4)}
    assert len(answers) == 1  # the limit does not change the answer, so it reveals nothing
    assert len(messages(user.email, "password_reset")) == 2


def test_rate_limited_per_address(client, make):
    for n in range(5):
        assert _ask(client, f"someone{n}@example.org").status_code == 200
    limited = _ask(client, "one-more@example.org")
    assert limited.status_code == 429
    body = limited.get_data(as_text=True)
    assert "Too many requests from this network" in body and "one-more@example.org" in body


@pytest.mark.skipif(not IS_POSTGRES, reason="concurrent writers need PostgreSQL")
def test_concurrent_requests_never_fail(app, make):
    email = make.user(email="race@example.org").email
    statuses, start = [], threading.Barrier(5)

    def ask():
        client = FlaskClient(app)  # each thread its own request, context and connection
        start.wait()
        try:
            statuses.append(client.post("/account/forgot", data={"email": email}).status_code)
        except Exception as error:  # noqa: BLE001  (reported below, not lost in the thread)
            statuses.append(repr(error))

    threads = [threading.Thread(target=ask) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [200] * 5  # below the address limit of 5: no 429, and never a 500
    assert len(messages(email, "password_reset")) == 2
