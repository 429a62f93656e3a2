"""Signing in and out, server-side sessions, timeouts, throttling and passwords."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from peertrain.auth.services import deactivate
from peertrain.clock import utcnow
from peertrain.extensions import db
from peertrain.models import AuditEvent, Role, UserSession
from peertrain.passwords import password_problem

from .factories import PASSWORD


def _events(action: str, outcome: str | None = None) -> list[AuditEvent]:
    stmt = select(AuditEvent).where(AuditEvent.action == action)
    if outcome:
        stmt = stmt.where(AuditEvent.outcome == outcome)
    return list(db.session.scalars(stmt))


def test_login_success_lands_on_role_home(client, make, login):
    user = make.user(Role.TRAINEE)
    response = login(user)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/").headers["Location"] == "/trainee"
    assert client.get("/trainee").status_code == 200
    assert len(_events("login", "success")) == 1


def test_login_email_is_case_insensitive(client, make):
    user = make.user(email="Mixed.Case@example.org")
    response = client.post(
        "/auth/login", data={"email": "MIXED.case@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302, user


def test_wrong_password_is_refused_and_audited(client, make, login):
    user = make.user()
    response = login(user, password="not the right password")
    assert response.status_code == 400
    assert b"do not match an account" in response.data
    assert user.email.encode() in response.data  # what was typed is kept
    assert client.get("/trainee").status_code == 302
    failures = _events("login", "failure")
    assert len(failures) == 1 and failures[0].record_id == str(user.id)


def test_unknown_account_gets_the_same_message(client):
    response = client.post(
        "/auth/login", data={"email": "nobody@example.org", "password": "whatever it is"}
    )
    assert b"do not match an account" in response.data


def test_inactive_user_cannot_log_in(client, make, login):
    user = make.user(active=False)
    response = login(user)
    assert response.status_code == 400
    assert b"deactivated" in response.data
    assert _events("login", "inactive")


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "http:/evil", "javascript:x"],
)
def test_off_site_next_is_ignored(client, make, target):
    user = make.user()
    response = client.post(
        "/auth/login", data={"email": user.email, "password": PASSWORD, "next": target}
    )
    assert response.headers["Location"] == "/"


def test_on_site_next_is_followed(client, make):
    user = make.user()
    response = client.post(
        "/auth/login", data={"email": user.email, "password": PASSWORD, "next": "/trainee"}
    )
    assert response.headers["Location"] == "/trainee"


def test_anonymous_is_sent_to_login_with_next(client):
    response = client.get("/trainee")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


def _stolen_cookie(client):
    return client.get_cookie("peertrain_session").value


def test_logout_is_post_only_and_replayed_cookie_is_refused(client, make, login):
    user = make.user()
    login(user)
    cookie = _stolen_cookie(client)
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 302
    assert _events("logout")
    client.set_cookie("peertrain_session", cookie)
    assert client.get("/trainee").status_code == 302


def test_deactivation_ends_existing_sessions(client, make, login):
    user = make.user()
    login(user)
    assert client.get("/trainee").status_code == 200
    deactivate(user)
    assert client.get("/trainee").status_code == 302


def test_password_change_ends_other_sessions(app, client, make, login):
    user = make.user()
    login(user)
    other = app.test_client()
    other.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    old_cookie = _stolen_cookie(client)
    assert other.get("/trainee").status_code == 200
    new = "a different long passphrase"
    response = client.post(
        "/auth/password", data={"current_password": PASSWORD, "new_password": new, "confirm": new}
    )
    assert response.status_code == 302
    assert client.get("/trainee").status_code == 200  # this browser carries on
    assert other.get("/trainee").status_code == 302  # the other device is signed out
    replay = app.test_client()
    replay.set_cookie("peertrain_session", old_cookie)
    assert replay.get("/trainee").status_code == 302
    assert _events("password_change")


def test_password_change_needs_current_password_and_keeps_form(client, make, login):
    user = make.user()
    login(user)
    response = client.post(
        "/auth/password",
        data={
            "current_password": "wrong one entirely",
            "new_password": "x" * 5,
            "confirm": "x" * 5,
        },
    )
    assert response.status_code == 400
    assert b"not your current password" in response.data
    response = client.post(
        "/auth/password",
        data={"current_password": PASSWORD, "new_password": "short", "confirm": "short"},
    )
    assert b"at least 12 characters" in response.data
    response = client.post(
        "/auth/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a long passphrase",
            "confirm": "a long passphrasX",
        },
    )
    assert b"The two entries differ" in response.data


def test_idle_timeout(client, make, login):
    user = make.user()
    login(user)
    record = db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    record.last_seen_at = utcnow() - timedelta(minutes=31)
    db.session.commit()
    assert client.get("/trainee").status_code == 302
    assert db.session.get(UserSession, record.id).revoked_at is not None


def test_absolute_timeout(client, make, login):
    user = make.user()
    login(user)
    record = db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    record.created_at = utcnow() - timedelta(hours=12, minutes=1)
    db.session.commit()
    assert client.get("/trainee").status_code == 302


def test_activity_keeps_session_alive(client, make, login):
    user = make.user()
    login(user)
    record = db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    record.last_seen_at = utcnow() - timedelta(minutes=20)
    db.session.commit()
    assert client.get("/trainee").status_code == 200
    db.session.expire_all()
    assert utcnow() - db.session.get(UserSession, record.id).last_seen_at < timedelta(minutes=1)


def test_account_lockout_after_repeated_failures(client, make, login, throttle_clock):
    user = make.user()
    for _ in range(5):
        login(user, password="wrong password here")
    response = login(user)  # even the right password is refused while locked
    assert response.status_code == 400
    assert b"Too many failed attempts" in response.data
    assert _events("login", "locked")


def test_address_lockout_across_accounts(app, client):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    for n in range(3):
        client.post(
            "/auth/login", data={"email": f"guess{n}@example.org", "password": "wrong password"}
        )
    response = client.post(
        "/auth/login", data={"email": "another@example.org", "password": "wrong password"}
    )
    assert b"Too many failed attempts" in response.data


def test_lockout_expires(client, make, login):
    from peertrain.models import LoginThrottle

    user = make.user()
    for _ in range(5):
        login(user, password="wrong password here")
    for row in db.session.scalars(select(LoginThrottle)):
        row.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert login(user).status_code == 302


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "at least 12"),
        ("x" * 129, "at most 128"),
        ("password1234", "most commonly used"),
        ("qwertyuiop123!", "most commonly used"),
        ("aaaaaaaaaaaaaa", "repeats too few"),
        ("jamie-smith-is-great", "name or email"),
    ],
)
def test_password_policy_refuses(password, problem, app):
    assert problem in password_problem(password, email="jamie@example.org", name="Jamie Smith")


@pytest.mark.parametrize(
    "password", ["correct horse battery staple", "Bright-otter-lantern", "ñandú y cóndor juntos"]
)
def test_password_policy_accepts_without_composition_rules(password, app):
    assert password_problem(password) is None


def test_session_cookie_flags(client, make, login):
    user = make.user()
    response = login(user)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_password_typed_into_email_box_is_not_audited(client):
    client.post("/auth/login", data={"email": "my secret passphrase", "password": "x" * 12})
    event = _events("login", "failure")[0]
    assert event.detail == "no such account" and event.record_id is None


def test_a_refused_login_records_whether_the_account_exists_not_the_typed_text(client, make, login):
    user = make.user(email="typed.Carefully@example.org")
    login(user, password="a wrong password here")
    client.post("/auth/login", data={"email": "stranger@example.org", "password": "x" * 12})
    known, unknown = sorted(_events("login", "failure"), key=lambda e: e.id)
    assert (known.detail, known.record_id) == ("account exists", str(user.id))
    assert (unknown.detail, unknown.record_id) == ("no such account", None)
    details = " ".join(e.detail or "" for e in _events("login", "failure"))
    assert "example.org" not in details and "stranger" not in details
