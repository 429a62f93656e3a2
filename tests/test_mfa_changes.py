"""Changing two-step sign-in needs the password and a current code again; each change is mailed."""

from __future__ import annotations

import re
import time

import pyotp
from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models import MfaRecoveryCode, MfaTotp, OutboxMessage, Role

from .factories import PASSWORD
from .factories_mfa import enrol
from .test_mfa import _actions, _secret_on


def _signed_in_with_mfa(client, make):
    user = make.user(Role.TRAINEE)
    totp, codes = enrol(user)
    client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    client.post("/auth/mfa/verify", data={"code": totp.now()})
    return user, totp, codes


def _next_code(totp: pyotp.TOTP) -> str:
    return totp.at(time.time() + 30)  # the login spent the current step


def test_disable_needs_password_and_code(client, make):
    user, totp, _ = _signed_in_with_mfa(client, make)
    form = client.get("/auth/mfa/disable").get_data(as_text=True)
    assert "Turn two-step sign-in off" in form and 'name="password"' in form
    wrong_code = client.post("/auth/mfa/disable", data={"password": PASSWORD, "code": "999999"})
    assert wrong_code.status_code == 400
    assert "do not match your account" in wrong_code.get_data(as_text=True)
    assert db.session.get(MfaTotp, user.id) is not None
    # A wrong password with the right code: refused, and the code is not spent.
    wrong_password = client.post(
        "/auth/mfa/disable", data={"password": "not the password", "code": _next_code(totp)}
    )
    assert wrong_password.status_code == 400
    assert ("mfa_reauth", "failure") in _actions(user.id)
    done = client.post("/auth/mfa/disable", data={"password": PASSWORD, "code": _next_code(totp)})
    assert done.status_code == 302 and done.headers["Location"] == "/auth/mfa"
    db.session.expire_all()
    assert db.session.get(MfaTotp, user.id) is None
    assert db.session.scalars(select(MfaRecoveryCode)).first() is None
    assert ("mfa_disable", "success") in _actions(user.id)
    mail = db.session.scalars(select(OutboxMessage)).one()
    assert mail.recipient == user.email
    assert mail.subject == "A sign-in method was removed from your PeerTrain account"
    assert mail.kind == "security_sign_in_method"
    # Signing in now needs only the password.
    client.post("/auth/logout")
    again = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert again.headers["Location"] == "/"


def test_new_recovery_codes_replace_the_old(client, make):
    user, totp, old = _signed_in_with_mfa(client, make)
    response = client.post("/auth/mfa/recovery-codes", data={"password": PASSWORD, "code": old[0]})
    new = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.get_data(as_text=True))
    assert response.status_code == 200 and len(new) == 10 and not set(new) & set(old)
    assert ("mfa_recovery_codes", "success") in _actions(user.id)
    assert db.session.scalars(select(OutboxMessage)).one().subject.startswith("New recovery codes")
    client.post("/auth/logout")
    client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert client.post("/auth/mfa/verify", data={"code": old[1]}).status_code == 400
    assert client.post("/auth/mfa/verify", data={"code": new[1]}).status_code == 302


def test_moving_to_a_new_phone_needs_reauth_then_a_new_secret(client, make):
    user, totp, _ = _signed_in_with_mfa(client, make)
    assert client.get("/auth/mfa/setup").headers["Location"] == "/auth/mfa/replace"
    ok = client.post("/auth/mfa/replace", data={"password": PASSWORD, "code": _next_code(totp)})
    assert ok.headers["Location"] == "/auth/mfa/setup"
    page = client.get("/auth/mfa/setup").get_data(as_text=True)
    new_secret = _secret_on(page)
    assert new_secret != totp.secret
    done = client.post("/auth/mfa/setup", data={"code": pyotp.TOTP(new_secret).now()})
    assert done.status_code == 200 and "Your recovery codes" in done.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalars(select(MfaTotp)).one().user_id == user.id
    client.post("/auth/logout")
    client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    old_phone = client.post("/auth/mfa/verify", data={"code": totp.at(time.time() + 60)})
    assert old_phone.status_code == 400
    new_phone = client.post("/auth/mfa/verify", data={"code": _next_code(pyotp.TOTP(new_secret))})
    assert new_phone.headers["Location"] == "/"


def test_reauth_failures_count_towards_the_lockout(client, make, app, throttle_clock):
    user, totp, _ = _signed_in_with_mfa(client, make)
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        client.post("/auth/mfa/disable", data={"password": "wrong", "code": "123456"})
    locked = client.post("/auth/mfa/disable", data={"password": PASSWORD, "code": _next_code(totp)})
    assert locked.status_code == 400 and "Too many failed attempts" in locked.get_data(as_text=True)
    assert db.session.get(MfaTotp, user.id) is not None
    assert ("mfa_reauth", "locked") in _actions(user.id)


def test_operator_reset_for_a_lost_phone(app, client, make):
    user, totp, _ = _signed_in_with_mfa(client, make)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "mfa-reset", "--email", user.email.upper(), "--yes"])
    assert result.exit_code == 0, result.output
    assert f"Two-step sign-in removed from {user.email}" in result.output
    db.session.expire_all()
    assert db.session.get(MfaTotp, user.id) is None
    assert client.get("/trainee").headers["Location"].startswith("/auth/login")  # signed out
    mail = db.session.scalars(select(OutboxMessage)).one()
    assert mail.body_text.count("/auth/mfa") == 1 and "turned off" in mail.body_text
    assert ("mfa_disable", "success") in _actions(user.id)
    again = runner.invoke(args=["users", "mfa-reset", "--email", user.email, "--yes"])
    assert again.exit_code != 0 and "has no two-step sign-in" in again.output
