"""Sign-in throttling: the growing delay, per (address, account) limits, clearing, and bursts."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from peertrain.auth import throttle
from peertrain.extensions import db
from peertrain.models import AuditEvent, LoginThrottle

from .accounts_helpers import last_link
from .conftest import IS_POSTGRES
from .factories import PASSWORD

WRONG = "not the password at all"


@pytest.fixture
def clock(throttle_clock):
    return throttle_clock


def _post(client, email: str, password: str, ip: str = "10.0.0.1"):
    return client.post(
        "/auth/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": ip},
    )


def _account_row(email: str) -> LoginThrottle | None:
    db.session.expire_all()
    return db.session.get(LoginThrottle, throttle.account_key(email))


def _outcomes(action: str = "login") -> list[str]:
    return list(db.session.scalars(select(AuditEvent.outcome).where(AuditEvent.action == action)))


def test_delay_doubles_after_the_free_failures_up_to_the_cap(app):
    delays = [throttle.delay_after(n).total_seconds() for n in range(0, 20)]
    assert delays[:5] == [0] * 5
    assert delays[5:11] == [1, 2, 4, 8, 16, 32]
    assert max(delays) == app.config["LOGIN_DELAY_CAP_SECONDS"] == 900
    assert throttle.delay_after(10_000) == timedelta(seconds=900)


def test_during_the_delay_the_password_is_not_checked_and_the_message_says_when(
    client, make, clock, monkeypatch
):
    user = make.user()
    for _ in range(5):
        assert "do not match" in _post(client, user.email, WRONG).get_data(as_text=True)
    checked = []
    from peertrain.auth import services

    real = services.verify_password
    monkeypatch.setattr(services, "verify_password", lambda h, p: checked.append(p) or real(h, p))
    refused = _post(client, user.email, PASSWORD)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Too many failed attempts. Try again in 1 second," in body
    assert "Forgotten your password?" in body
    assert checked == []  # refused before the password was looked at
    assert _account_row(user.email).failures == 5  # and a refused attempt is not counted
    assert _outcomes().count("locked") == 1
    clock.advance(1)
    assert _post(client, user.email, PASSWORD).headers["Location"] == "/"
    assert _account_row(user.email) is None  # a successful sign-in clears the count


def test_each_further_failure_doubles_the_wait(client, make, clock):
    user = make.user()
    for _ in range(5):
        _post(client, user.email, WRONG)
    waits = []
    for _ in range(4):
        waits.append(int((_account_row(user.email).locked_until - clock.now).total_seconds()))
        clock.advance(waits[-1])
        assert "do not match" in _post(client, user.email, WRONG).get_data(as_text=True)
    assert waits == [1, 2, 4, 8]
    clock.advance(15)
    assert "in 1 second" in _post(client, user.email, PASSWORD).get_data(as_text=True)
    clock.advance(1)
    assert _post(client, user.email, PASSWORD).status_code == 302


def test_at_the_cap_the_message_gives_the_time(client, make, clock):
    user = make.user()
    _post(client, user.email, WRONG)
    row = _account_row(user.email)
    row.failures = 40
    db.session.commit()
    clock.advance(1)
    _post(client, user.email, WRONG)
    body = _post(client, user.email, PASSWORD).get_data(as_text=True)
    assert "Too many failed attempts. Try again after " in body and " UTC" in body
    assert _account_row(user.email).locked_until == clock.now + timedelta(minutes=15)


def test_one_address_cannot_lock_out_everyone_behind_it(client, make, clock):
    """An organisation behind one proxy: many failures, spread over many accounts, from one
    address lock nobody else out (the old rule locked everyone after 20)."""
    colleague = make.user(email="colleague@example.org")
    for n in range(60):
        _post(client, f"typo{n}@example.org", WRONG)
    assert _post(client, colleague.email, PASSWORD).headers["Location"] == "/"


def test_the_pair_limit_stops_one_address_on_one_account_only(client, make, clock, app):
    app.config["LOGIN_MAX_FAILURES_PER_PAIR"] = 6
    target, other = make.user(email="target@example.org"), make.user(email="other@example.org")
    for _ in range(6):
        clock.advance(60)  # wait out each delay: only the pair's limit is left
        _post(client, target.email, WRONG, ip="10.0.0.9")
    clock.advance(60)
    refused = _post(client, target.email, PASSWORD, ip="10.0.0.9")
    assert "Too many failed attempts" in refused.get_data(as_text=True)
    assert "Too many" not in _post(client, other.email, WRONG, ip="10.0.0.9").get_data(as_text=True)
    # The real user elsewhere (home, phone) only meets the account's delay, already waited.
    assert _post(app.test_client(), target.email, PASSWORD, ip="10.7.7.7").status_code == 302


def test_the_address_ceiling_brakes_credential_stuffing(client, make, clock, app):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 4
    user = make.user()
    for n in range(4):
        _post(client, f"stuffed{n}@example.org", WRONG)
    braked = _post(client, user.email, PASSWORD).get_data(as_text=True)
    assert "Too many failed attempts from this network. Try again after " in braked
    assert "Forgotten your password?” to set" not in braked  # a reset would not lift it
    # A successful sign-in takes its attempt back from the address's count.
    assert _post(app.test_client(), user.email, PASSWORD, ip="10.0.0.2").status_code == 302


def test_successes_do_not_use_up_the_address_ceiling(client, make, clock, app):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    people = [make.user(email=f"p{n}@example.org") for n in range(6)]
    for person in people:
        assert _post(app.test_client(), person.email, PASSWORD).status_code == 302


def test_a_password_reset_clears_the_delay(client, make, clock):
    user = make.user(email="forgetful@example.org")
    for _ in range(12):
        clock.advance(1000)
        _post(client, user.email, WRONG)
    assert "Too many" in _post(client, user.email, PASSWORD).get_data(as_text=True)
    client.post("/account/forgot", data={"email": user.email})
    link = last_link(user.email, "password_reset")
    new = "a fresh and long passphrase"
    assert client.post(link, data={"password": new, "confirm": new}).status_code == 302
    assert _account_row(user.email) is None
    assert db.session.scalars(select(LoginThrottle.key)).all() == [] or all(
        not k.startswith(("account:", "pair:"))
        for k in db.session.scalars(select(LoginThrottle.key))
    )
    assert _post(client, user.email, new).headers["Location"] == "/"


def test_the_throttle_keeps_no_typed_text(client, make, clock):
    _post(client, "my secret passphrase", WRONG)
    # The resume form takes the email unvalidated: a huge one still counts, and no 500.
    long = client.post(
        "/auth/resume",
        data={"_resume_email": "x" * 5000 + "@example.org", "_resume_password": WRONG},
    )
    assert long.status_code < 500 and "do not match" in long.get_data(as_text=True)
    keys = " ".join(db.session.scalars(select(LoginThrottle.key)))
    assert "secret" not in keys and "xxxx" not in keys and "10.0.0.1" not in keys
    assert keys.count("account:") == 2


# --- bursts on PostgreSQL ----------------------------------------------------------------


def _burst(app, email: str, n: int) -> list:
    statuses, start = [], threading.Barrier(n)

    def attempt():
        client = FlaskClient(app)  # each thread its own request, app context and connection
        start.wait()
        try:
            statuses.append(_post(client, email, WRONG).status_code)
        except Exception as error:  # noqa: BLE001  (reported below, not lost in the thread)
            statuses.append(repr(error))

    threads = [threading.Thread(target=attempt) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


@pytest.mark.skipif(not IS_POSTGRES, reason="concurrent writers need PostgreSQL")
@pytest.mark.parametrize("attempts", [10, 40])
def test_a_burst_of_wrong_guesses_is_judged_on_counts_that_include_each_other(
    app, make, clock, attempts
):
    user = make.user()
    statuses = _burst(app, user.email, attempts)
    assert statuses == [400] * attempts  # no 500, no IntegrityError
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    outcomes = _outcomes()
    # Exactly the free failures had their password checked; every other one was refused
    # unchecked. The stored count is exactly the attempts that were checked.
    assert outcomes.count("failure") == limit
    assert outcomes.count("locked") == attempts - limit
    assert _account_row(user.email).failures == limit


@pytest.mark.skipif(not IS_POSTGRES, reason="concurrent writers need PostgreSQL")
def test_no_update_is_lost_under_concurrency(app, make, clock):
    app.config.update(LOGIN_MAX_FAILURES_PER_ACCOUNT=1000, LOGIN_MAX_FAILURES_PER_PAIR=1000)
    user = make.user()
    assert _burst(app, user.email, 40) == [400] * 40
    assert _outcomes().count("failure") == 40
    assert _account_row(user.email).failures == 40
