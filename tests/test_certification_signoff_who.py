"""Who may sign a worker's hours (issue 15): the current supervisor, a former supervisor for the
period they supervised only, nobody else (refused and audited); and the supervisor's home page
counting what waits on them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from peertrain.clock import today, utcnow
from peertrain.extensions import db
from peertrain.models import Role, ServiceSetting, Signoff, TrainingRecord, WorkLog

from .certification_hours_cast import audited, cast, monday
from .factories import PASSWORD


@pytest.fixture
def people(make):
    """Confirmed weeks from the former supervisor's period (12 weeks ago) and from now."""
    p = cast(make)
    p.old_week = WorkLog(
        worker_id=p.worker.id,
        week_starting=monday(12),
        minutes=900,
        setting=ServiceSetting.COMMUNITY,
        confirmed_by_id=p.former.id,
        confirmed_at=utcnow(),
    )
    p.new_week = WorkLog(
        worker_id=p.worker.id,
        week_starting=monday(2),
        minutes=1200,
        setting=ServiceSetting.COMMUNITY,
        confirmed_by_id=p.boss.id,
        confirmed_at=utcnow(),
    )
    db.session.add_all([p.old_week, p.new_week])
    db.session.commit()
    return p


FORMER_PERIOD = (lambda: today() - timedelta(days=118), lambda: today() - timedelta(days=62))


def _post(client, worker, start, end):
    data = {"start": start.isoformat(), "end": end.isoformat(), "shown": "", "password": PASSWORD}
    return client.post(f"/certification/people/{worker.id}/signoffs", data=data)


def _shown(client, worker, start, end) -> str:
    url = f"/certification/people/{worker.id}/signoffs"
    html = client.get(url, query_string={"start": start, "end": end}).get_data(as_text=True)
    return (
        html.split('name="shown" type="hidden" value="')[1].split('"')[0]
        if 'name="shown"' in html
        else html
    )


def test_a_former_supervisor_signs_the_period_they_supervised(client, login, people):
    login(people.former)
    start, end = FORMER_PERIOD[0](), FORMER_PERIOD[1]()
    shown = _shown(client, people.worker, start, end)
    data = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "shown": shown,
        "password": PASSWORD,
    }
    assert (
        client.post(f"/certification/people/{people.worker.id}/signoffs", data=data).status_code
        == 302
    )
    signoff = db.session.scalar(select(Signoff))
    assert signoff.supervisor_id == people.former.id and [i.row_id for i in signoff.items] == [
        people.old_week.id
    ]


def test_a_former_supervisor_is_refused_outside_their_period(client, login, people):
    login(people.former)
    start, end = today() - timedelta(days=30), today()
    page = client.get(f"/certification/people/{people.worker.id}/signoffs?start={start}&end={end}")
    assert "You can sign only a period you supervised Robin Peer" in page.get_data(as_text=True)
    assert _post(client, people.worker, start, end).status_code == 403
    assert db.session.scalar(select(Signoff.id)) is None
    assert audited("certification.signoff.sign", "denied")


@pytest.mark.parametrize("who", ["stranger", "manager", "admin", "worker"])
def test_anyone_else_is_refused_and_audited(client, login, people, who):
    login(getattr(people, who))
    response = _post(client, people.worker, today() - timedelta(days=30), today())
    assert response.status_code == 403
    assert db.session.scalar(select(Signoff.id)) is None
    assert audited("certification.signoff.sign", "denied")
    if who != "worker":
        assert client.get(f"/certification/people/{people.worker.id}/signoffs").status_code == 403


def test_a_period_that_has_not_ended_cannot_be_signed(client, login, people):
    login(people.boss)
    response = _post(
        client, people.worker, today() - timedelta(days=3), today() + timedelta(days=3)
    )
    assert response.status_code == 403
    later = {"start": today(), "end": today() + timedelta(days=3)}
    page = client.get(f"/certification/people/{people.worker.id}/signoffs", query_string=later)
    assert "A period can be signed once it has ended" in page.get_data(as_text=True)


def test_the_supervisor_home_counts_hours_waiting_per_supervisee(client, login, people):
    day = today() - timedelta(days=9)
    db.session.add_all(
        [
            WorkLog(
                worker_id=people.worker.id,
                week_starting=monday(1),
                minutes=300,
                setting=ServiceSetting.CRISIS,
            ),
            TrainingRecord(
                worker_id=people.worker.id,
                title="A",
                provider="B",
                started_on=day,
                ended_on=day,
                minutes=60,
                domains=["ADV"],
            ),
        ]
    )
    db.session.commit()
    login(people.boss)
    html = client.get("/supervisor").get_data(as_text=True)
    block = html.split(f'id="waiting-{people.worker.id}"')[1].split("</li>")[0]
    assert (
        "Robin Peer" in block
        and "1 week to confirm" in block
        and "1 training record to verify" in block
    )
    # Ready to sign: both confirmed weeks (the current supervisor may sign any ended period).
    assert "2 rows ready to sign" in block
    assert (
        f"/certification/people/{people.worker.id}/signoffs?start={monday(12).isoformat()}"
        in block.replace("&amp;", "&")
    )
    client.post("/auth/logout")
    login(people.stranger)
    assert "Nothing is waiting" in client.get("/supervisor").get_data(as_text=True)


def test_reminders_name_the_counts_once_a_week_and_not_for_sessions_alone(app, make, people):
    from peertrain.certification.reminders import hours_reminders

    reminders = [r for r in hours_reminders(today()) if r.user.id == people.boss.id]
    assert len(reminders) == 1
    assert reminders[0].title == "Hours waiting for you from Robin Peer: 2 rows ready to sign"
    assert reminders[0].link == f"/certification/people/{people.worker.id}/signoffs"
    year, week, _ = today().isocalendar()
    assert reminders[0].dedupe_key == f"hours_waiting:{people.worker.id}:{year}-W{week:02d}"
    # A supervisor with nothing but held sessions to sign is not reminded.
    lone = make.user(Role.TRAINEE, team=people.team)
    make.assign(people.stranger, lone)
    make.session(people.stranger, lone)
    assert not [r for r in hours_reminders(today()) if r.user.id == people.stranger.id]
