"""Two-step sign-in: enrolment, the code step of a login, recovery codes, replay and lockout."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from peertrain.auth import mfa, mfa_services
from peertrain.extensions import db
from peertrain.models import AuditEvent, MfaRecoveryCode, MfaTotp, OutboxMessage, Role

from .factories import PASSWORD
from .factories_mfa import enrol


def _actions(user_id: int) -> list[tuple[str, str]]:
    rows = db.session.scalars(
        select(AuditEvent).where(AuditEvent.record_id == str(user_id)).order_by(AuditEvent.id)
    )
    return [(r.action, r.outcome) for r in rows]


def _secret_on(page: str) -> str:
    found = re.search(r'id="mfa-secret" class="secret">([A-Z2-7 ]+)<', page)
    assert found, "the enrolment page shows the key"
    return found.group(1).replace(" ", "")


def _password_step(client, user):
    return client.post("/auth/login", data={"email": user.email, "password": PASSWORD})


def test_enrolment_shows_key_and_qr_then_confirms_with_a_code(client, login, make):
    user = make.user(Role.TRAINEE)
    login(user)
    page = client.get("/auth/mfa/setup")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<img class="qr" src="data:image/svg+xml' in html
    secret = _secret_on(html)
    assert client.get("/auth/mfa/setup").get_data(as_text=True).count(secret[:4]) >= 1
    assert _secret_on(client.get("/auth/mfa/setup").get_data(as_text=True)) == secret

    wrong = client.post("/auth/mfa/setup", data={"code": "12345x", "password": PASSWORD})
    assert wrong.status_code == 400
    assert 'id="code-error"' in wrong.get_data(as_text=True)
    assert 'value="12345x"' in wrong.get_data(as_text=True)  # what was typed is kept
    assert db.session.get(MfaTotp, user.id) is None

    no_password = client.post("/auth/mfa/setup", data={"code": pyotp.TOTP(secret).now()})
    assert no_password.status_code == 400 and 'id="password-error"' in no_password.get_data(
        as_text=True
    )
    bad_password = client.post(
        "/auth/mfa/setup", data={"code": pyotp.TOTP(secret).now(), "password": "not mine"}
    )
    assert "That is not your password." in bad_password.get_data(as_text=True)
    assert db.session.get(MfaTotp, user.id) is None
    done = client.post(
        "/auth/mfa/setup", data={"code": pyotp.TOTP(secret).now(), "password": PASSWORD}
    )
    shown = re.findall(
        r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", done.get_data(as_text=True)
    )
    assert done.status_code == 200 and len(shown) == 10 and len(set(shown)) == 10
    stored = db.session.get(MfaTotp, user.id)
    assert secret not in stored.secret_encrypted  # encrypted at rest
    assert mfa.decrypt(stored.secret_encrypted) == secret
    hashes = [r.code_hash for r in db.session.scalars(select(MfaRecoveryCode))]
    assert len(hashes) == 10 and all(h.startswith("$argon2id$") for h in hashes)
    assert not any(c.replace("-", "") in h for c in shown for h in hashes)
    assert ("mfa_enrol", "failure") in _actions(user.id)
    assert ("mfa_enrol", "success") in _actions(user.id)
    mail = db.session.scalars(select(OutboxMessage)).one()
    assert mail.recipient == user.email
    assert mail.subject == "A new sign-in method was added to your PeerTrain account"
    assert secret not in mail.body_text and shown[0] not in mail.body_text
    # The codes are shown once: the status page only counts them.
    status = client.get("/auth/mfa").get_data(as_text=True)
    assert "10 unused recovery codes" in status and shown[0] not in status


def test_login_needs_the_code_before_anything_opens(client, make):
    user = make.user(Role.TRAINEE)
    totp, _ = enrol(user)
    first = _password_step(client, user)
    assert first.status_code == 302 and first.headers["Location"] == "/auth/mfa/verify"
    assert client.get("/trainee").headers["Location"].startswith("/auth/login")
    assert ("login", "code_needed") in _actions(user.id)
    ok = client.post("/auth/mfa/verify", data={"code": totp.now()})
    assert ok.status_code == 302 and ok.headers["Location"] == "/"
    home = client.get("/trainee")
    assert home.status_code == 200 and user.name in home.get_data(as_text=True)
    assert ("login", "success") in _actions(user.id)


def test_wrong_code_is_refused_next_to_the_field_and_audited(client, make):
    user = make.user(Role.TRAINEE)
    totp, _ = enrol(user)
    _password_step(client, user)
    wrong = client.post(
        "/auth/mfa/verify", data={"code": "000000" if totp.now() != "000000" else "111111"}
    )
    html = wrong.get_data(as_text=True)
    assert wrong.status_code == 400
    assert 'id="code-error"' in html and "That code is not right" in html
    assert client.get("/trainee").headers["Location"].startswith("/auth/login")
    assert ("mfa_code", "failure") in _actions(user.id)


def test_a_used_code_cannot_be_replayed(client, make):
    user = make.user(Role.TRAINEE)
    totp, _ = enrol(user)
    code = totp.now()
    _password_step(client, user)
    assert client.post("/auth/mfa/verify", data={"code": code}).status_code == 302
    client.post("/auth/logout")
    _password_step(client, user)
    replay = client.post("/auth/mfa/verify", data={"code": code})
    assert replay.status_code == 400 and "That code is not right" in replay.get_data(as_text=True)
    # The next time step's code (one step of drift is allowed) still works once.
    later = client.post("/auth/mfa/verify", data={"code": totp.at(time.time() + 30)})
    assert later.status_code == 302 and later.headers["Location"] == "/"


def test_recovery_code_signs_in_once(client, make):
    user = make.user(Role.TRAINEE)
    _, codes = enrol(user)
    _password_step(client, user)
    ok = client.post("/auth/mfa/verify", data={"code": codes[3].upper().replace("-", " ")})
    assert ok.status_code == 302 and ok.headers["Location"] == "/"
    assert ("mfa_recovery_code_used", "success") in _actions(user.id)
    used = db.session.scalars(select(MfaRecoveryCode).where(MfaRecoveryCode.used_at.is_not(None)))
    assert len(list(used)) == 1
    client.post("/auth/logout")
    _password_step(client, user)
    again = client.post("/auth/mfa/verify", data={"code": codes[3]})
    assert again.status_code == 400
    assert client.post("/auth/mfa/verify", data={"code": codes[4]}).status_code == 302


def test_code_failures_lock_the_account_like_password_failures(client, make, app, throttle_clock):
    user = make.user(Role.TRAINEE)
    totp, _ = enrol(user)
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    _password_step(client, user)
    for _ in range(limit - 1):
        client.post("/auth/mfa/verify", data={"code": "abc"})
    # The right password again does not reset the count of wrong codes.
    _password_step(client, user)
    client.post("/auth/mfa/verify", data={"code": "abc"})
    locked = client.post("/auth/mfa/verify", data={"code": totp.now()})
    assert locked.status_code == 400 and "Too many failed attempts" in locked.get_data(as_text=True)
    assert client.get("/trainee").headers["Location"].startswith("/auth/login")
    assert ("mfa_code", "locked") in _actions(user.id)
    password = _password_step(client, user)
    assert "Too many failed attempts" in password.get_data(as_text=True)


def test_the_code_step_is_open_for_a_few_minutes_only(client, make, monkeypatch):
    user = make.user(Role.TRAINEE)
    totp, _ = enrol(user)
    _password_step(client, user)
    real = time.time
    monkeypatch.setattr(mfa_services.time, "time", lambda: real() + 6 * 60)
    late = client.post("/auth/mfa/verify", data={"code": totp.now()})
    assert late.status_code == 302 and late.headers["Location"] == "/auth/login"
    monkeypatch.undo()
    assert client.get("/auth/mfa/verify").headers["Location"] == "/auth/login"


def test_verify_without_a_password_step_goes_to_sign_in(client):
    response = client.post("/auth/mfa/verify", data={"code": "123456"})
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"


def test_secret_survives_a_secret_key_rotation(app):
    token = mfa.encrypt("JBSWY3DPEHPK3PXP")
    app.config["SECRET_KEY_FALLBACKS"] = [app.config["SECRET_KEY"]]
    app.config["SECRET_KEY"] = "a-new-secret-key-that-is-also-long-enough-42"
    assert mfa.decrypt(token) == "JBSWY3DPEHPK3PXP"
    rotated = mfa.reencrypt(token)  # what a successful sign-in stores
    app.config["SECRET_KEY_FALLBACKS"] = []
    assert mfa.decrypt(rotated) == "JBSWY3DPEHPK3PXP"
    with pytest.raises(mfa.SecretUnreadable):
        mfa.decrypt(token)


def test_resume_after_an_ended_login_needs_the_code_too(client, make):
    user = make.user(Role.TRAINEE)
    totp, _ = enrol(user)
    form = {"_resume_email": user.email, "_resume_password": PASSWORD, "_resume_target": "/trainee"}
    refused = client.post("/auth/resume", data=form)
    assert refused.status_code == 400 and "That code is not right" in refused.get_data(as_text=True)
    assert client.get("/trainee").status_code == 302
    resumed = client.post("/auth/resume", data=form | {"_resume_code": totp.now()})
    assert resumed.status_code == 200 and "You are signed in again" in resumed.get_data(
        as_text=True
    )
