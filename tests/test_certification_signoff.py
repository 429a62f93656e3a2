"""Supervisor sign-off (issue 15): one step that shows exactly what is signed and the statement,
re-authentication (password, or the authenticator code with two-step sign-in on), signed rows
locked, corrections as new rows, a changed row breaking the signature check; who may sign."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from peertrain.certification import signing
from peertrain.certification.services_hours import HoursRefused, confirm, send_back
from peertrain.clock import today, utcnow
from peertrain.extensions import db
from peertrain.models import (
    ServiceSetting,
    Signoff,
    SignoffKind,
    SignoffMethod,
    TrainingRecord,
    WorkLog,
)

from .certification_hours_cast import audited, cast, monday, week_form
from .factories import PASSWORD
from .factories_mfa import enrol


@pytest.fixture
def people(make):
    p = cast(make)
    now = utcnow()
    p.week = WorkLog(
        worker_id=p.worker.id,
        week_starting=monday(2),
        minutes=1800,
        setting=ServiceSetting.CRISIS,
        confirmed_by_id=p.boss.id,
        confirmed_at=now,
    )
    p.open_week = WorkLog(
        worker_id=p.worker.id,
        week_starting=monday(1),
        minutes=600,
        setting=ServiceSetting.COMMUNITY,
    )
    day = today() - timedelta(days=20)
    p.course = TrainingRecord(
        worker_id=p.worker.id,
        title="Ethics day",
        provider="Peer Academy",
        started_on=day,
        ended_on=day,
        minutes=360,
        domains=["ETH"],
        verified_by_id=p.boss.id,
        verified_at=now,
    )
    db.session.add_all([p.week, p.open_week, p.course])
    db.session.commit()
    p.session = make.session(p.boss, p.worker, minutes=90, held_on=today() - timedelta(days=5))
    return p


def _page(worker, start, end):
    query = f"start={start.isoformat()}&end={end.isoformat()}"
    return f"/certification/people/{worker.id}/signoffs?{query}"


def _sign(client, people, start, end, **typed):
    page = client.get(_page(people.worker, start, end)).get_data(as_text=True)
    shown = (
        page.split('name="shown" type="hidden" value="')[1].split('"')[0]
        if 'name="shown"' in page
        else ""
    )
    data = {"start": start.isoformat(), "end": end.isoformat(), "shown": shown} | typed
    return client.post(f"/certification/people/{people.worker.id}/signoffs", data=data)


def test_the_page_shows_exactly_the_rows_their_totals_and_the_statement(client, login, people):
    login(people.boss)
    html = client.get(_page(people.worker, today() - timedelta(days=30), today())).get_data(
        as_text=True
    )
    rows = html.split('id="rows-to-sign"')[1].split("</table>")[0]
    assert "Ethics day (Peer Academy)" in rows and "Individual supervision on" in rows
    assert (
        f"Week of {monday(2).day} " in rows and rows.count("<tr><td>") == 3
    )  # the unconfirmed week is not there
    assert "1 week to confirm" in html
    assert (
        "I, Sam Super, sign the hours of Robin Peer from" in html
        and "30 hours of peer work experience in 1 weekly entries" in html
        and "1.5 hours of supervision I gave in 1 sessions" in html
        and "6 hours of other training in 1 records" in html
        and "37.5 hours in all" in html
    )
    assert 'name="password"' in html and 'name="code"' not in html


def test_a_wrong_password_signs_nothing_says_so_next_to_the_field_and_is_audited(
    client, login, people
):
    login(people.boss)
    response = _sign(
        client, people, today() - timedelta(days=30), today(), password="not my password"
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="password-error">That is not your password. Nothing was signed.' in html
    assert db.session.scalar(select(Signoff.id)) is None
    assert audited("certification.signoff.reauth", "failure")


def test_signing_records_the_signature_and_locks_the_rows(client, login, people):
    login(people.boss)
    response = _sign(client, people, today() - timedelta(days=30), today(), password=PASSWORD)
    assert response.status_code == 302
    signoff = db.session.scalar(select(Signoff))
    assert (signoff.supervisor_id, signoff.worker_id, signoff.method) == (
        people.boss.id,
        people.worker.id,
        SignoffMethod.PASSWORD,
    )
    assert "37.5 hours in all" in signoff.statement and len(signoff.rows_hash) == 64
    assert sorted((i.kind.value, i.row_id) for i in signoff.items) == sorted(
        [
            ("work_log", people.week.id),
            ("training_record", people.course.id),
            ("supervision_session", people.session.id),
        ]
    )
    db.session.refresh(people.week)
    assert people.week.signoff_id == signoff.id and signing.verify(signoff)
    assert audited("certification.signoff.sign", "success")
    page = client.get(f"/certification/people/{people.worker.id}/signoffs").get_data(as_text=True)
    assert "Signature matches the records" in page
    # Locked: no decision on a signed row, no change in place, not even from code.
    for action in (
        lambda: confirm(WorkLog, people.week.id, people.worker.id, people.boss.id),
        lambda: send_back(TrainingRecord, people.course.id, people.worker.id, people.boss.id, "x"),
    ):
        with pytest.raises(HoursRefused, match="signed and locked"):
            action()
    people.week.minutes = 60
    with pytest.raises(signing.SignedRowLocked):
        db.session.commit()
    db.session.rollback()
    assert (
        "Confirm</button>"
        not in client.get(f"/certification/people/{people.worker.id}/work-log")
        .get_data(as_text=True)
        .split(f'id="week-{people.week.id}"')[1]
        .split("</tr>")[0]
    )
    # Nothing left to sign twice.
    again = client.get(_page(people.worker, today() - timedelta(days=30), today())).get_data(
        as_text=True
    )
    assert "Nothing in this period is ready to sign." in again


def test_a_correction_is_a_new_row_and_the_signature_still_matches(client, login, people):
    login(people.boss)
    _sign(client, people, today() - timedelta(days=30), today(), password=PASSWORD)
    client.post("/auth/logout")
    login(people.worker)
    response = client.post(
        f"/certification/people/{people.worker.id}/work-log/{people.week.id}/correct",
        data=week_form(monday(2), "28"),
    )
    assert response.status_code == 302
    new = db.session.scalar(select(WorkLog).where(WorkLog.corrects_id == people.week.id))
    assert new.minutes == 1680 and new.signoff_id is None and new.confirmed_at is None
    db.session.refresh(people.week)
    assert people.week.minutes == 1800  # the signed row as it was
    assert signing.verify(db.session.scalar(select(Signoff)))


def test_a_row_changed_behind_the_app_breaks_the_signature(client, login, people):
    login(people.boss)
    _sign(client, people, today() - timedelta(days=30), today(), password=PASSWORD)
    db.session.execute(update(WorkLog).where(WorkLog.id == people.week.id).values(minutes=3000))
    db.session.commit()
    db.session.expire_all()
    signoff = db.session.scalar(select(Signoff))
    assert not signing.verify(signoff)
    assert [i.kind for i in signing.changed_items(signoff)] == [SignoffKind.WORK_LOG]
    page = client.get(f"/certification/people/{people.worker.id}/signoffs").get_data(as_text=True)
    assert "Signature no longer matches" in page


def test_hours_changed_while_the_page_was_open_are_not_signed(client, login, people):
    login(people.boss)
    start, end = today() - timedelta(days=30), today()
    page = client.get(_page(people.worker, start, end)).get_data(as_text=True)
    shown = page.split('name="shown" type="hidden" value="')[1].split('"')[0]
    people.open_week.confirmed_at, people.open_week.confirmed_by_id = utcnow(), people.boss.id
    db.session.commit()
    response = client.post(
        f"/certification/people/{people.worker.id}/signoffs",
        data={
            "start": start.isoformat(),
            "end": end.isoformat(),
            "shown": shown,
            "password": PASSWORD,
        },
    )
    assert (
        response.status_code == 400
        and "The hours changed while this page was open" in response.get_data(as_text=True)
    )
    assert db.session.scalar(select(Signoff.id)) is None


def test_with_two_step_sign_in_the_code_signs(client, login, people, monkeypatch):
    import time

    from peertrain.auth import mfa

    totp, _ = enrol(people.boss)
    login(people.boss)
    assert client.post("/auth/mfa/verify", data={"code": totp.now()}).status_code == 302
    start, end = today() - timedelta(days=30), today()
    page = client.get(_page(people.worker, start, end)).get_data(as_text=True)
    assert 'name="code"' in page and 'name="password"' not in page
    near = {totp.at(time.time() + d) for d in (-30, 0, 30, 60)}
    wrong = next(c for c in ("000000", "111111", "222222", "333333", "444444") if c not in near)
    refused = _sign(client, people, start, end, code=wrong, password=PASSWORD)
    assert refused.status_code == 400
    assert 'id="code-error">That code is not right.' in refused.get_data(as_text=True)
    later = time.time() + 30  # the next time step: the login's code cannot be replayed
    monkeypatch.setattr(mfa, "now", lambda: later)
    response = _sign(client, people, start, end, code=totp.at(later))
    assert response.status_code == 302
    assert db.session.scalar(select(Signoff.method)) is SignoffMethod.TOTP
