"""The readiness page per credential: each requirement with its bar and figures, split into what
the worker can do next and what waits on someone else; who may see it; choosing a credential."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import (
    DEFAULT_CREDENTIAL_KEY,
    AuditEvent,
    CredentialChoice,
    CredentialExam,
    Role,
    ServiceSetting,
    SessionFormat,
    Setting,
    Signoff,
    SignoffItem,
    SignoffKind,
    SignoffMethod,
    TrainingRecord,
    WorkLog,
)

from .factories import PASSWORD


def _url(worker, **query):
    extra = "".join(f"?{k}={v}" for k, v in query.items())
    return f"/certification/people/{worker.id}/readiness{extra}"


@pytest.fixture
def cast(make):
    team = make.team("North")
    worker = make.user(Role.TRAINEE, team=team, name="Robin Peer")
    boss = make.user(Role.SUPERVISOR, team=team, name="Sam Super")
    make.assign(boss, worker)
    return worker, boss, team


def _evidence(make, worker, boss):
    """3 h of e-learning (ethics-heavy), 2 h verified + 1.5 h unverified other training,
    20 h of signed and 10 h of confirmed-unsigned work, 1 h signed individual supervision and
    2 h of held, unsigned group supervision."""
    make.competency_framework({"COM": 1, "LEA": 1})
    module = make.module(competency_codes=["COM-1", "COM-2", "LEA-1"], title="Ethics in practice")
    module.minutes = 180
    make.progress(worker, module, completed=True)
    monday = today() - timedelta(days=today().weekday() + 14)
    signed_week = WorkLog(worker_id=worker.id, week_starting=monday, minutes=1200,
                          setting=ServiceSetting.COMMUNITY, confirmed_by_id=boss.id,
                          confirmed_at=None)  # fmt: skip
    week = WorkLog(worker_id=worker.id, week_starting=monday + timedelta(days=7), minutes=600,
                   setting=ServiceSetting.COMMUNITY, confirmed_by_id=boss.id)  # fmt: skip
    courses = [
        TrainingRecord(worker_id=worker.id, title="Advocacy day", provider="Peer Network",
                       started_on=monday, ended_on=monday, minutes=120, domains=["LEA"]),
        TrainingRecord(worker_id=worker.id, title="Ethics evening", provider="Peer Network",
                       started_on=monday, ended_on=monday, minutes=90, domains=["COM"]),
    ]  # fmt: skip
    db.session.add_all([signed_week, week, *courses])
    db.session.flush()
    from peertrain.clock import utcnow

    signed_week.confirmed_at = week.confirmed_at = courses[0].verified_at = utcnow()
    one = make.session(boss, worker, minutes=60)
    make.session(boss, worker, make.user(Role.TRAINEE), minutes=120, format=SessionFormat.GROUP)
    signoff = Signoff(supervisor_id=boss.id, worker_id=worker.id, period_start=monday,
                      period_end=monday + timedelta(days=6), statement="I confirm.",
                      rows_hash="0" * 64, method=SignoffMethod.PASSWORD, items=[
                          SignoffItem(kind=SignoffKind.WORK_LOG, row_id=signed_week.id,
                                      row_digest="1" * 64),
                          SignoffItem(kind=SignoffKind.SUPERVISION_SESSION, row_id=one.id,
                                      row_digest="2" * 64)])  # fmt: skip
    db.session.add(signoff)
    db.session.flush()
    signed_week.signoff_id = signoff.id
    db.session.commit()


def test_the_worker_sees_each_requirement_with_its_bar_figures_and_who_acts(
    client, login, make, cast
):
    worker, boss, _ = cast
    _evidence(make, worker, boss)
    login(worker)
    page = client.get(_url(worker)).get_data(as_text=True)
    assert "Peer Recovery (PR)" in page  # IC&RC is first by slug: the fallback credential
    assert "International Certification &amp; Reciprocity Consortium" in page
    # Training: 3 h e-learning + 2 h verified = 5 of 46 hours; by domain with its own bars.
    assert "5 of 46 hours (10%)" in page
    assert '<progress class="req-bar" max="100" value="10"' in page
    assert 'Ethical Responsibility</th>\n          <td class="hours">2 of 16</td>' in page
    assert 'Advocacy</th>\n          <td class="hours">3 of 10</td>' in page
    # Work: only signed hours count; the rest is shown and waits on the supervisor.
    assert "20 of 500 hours (4%)" in page
    assert "<dt>Confirmed, not yet signed</dt><dd>10 hours</dd>" in page
    # Supervision: 1 h signed; the 2 h group session is held, unsigned, and counts in full.
    assert "1 of 25 hours (4%)" in page
    assert "<dt>Held, not yet signed</dt><dd>2 hours</dd>" in page
    assert "Group sessions held (count in full)" in page
    nxt, wait = page.split('id="next-h"')[1].split('id="wait-h"')
    assert "Log each week&#39;s peer work hours." in nxt
    assert "Sit the IC&amp;RC Peer Recovery Examination" in nxt
    assert "1.5 hours of other training waiting for a supervisor&#39;s verification." in wait
    assert "10 hours confirmed, waiting for a supervisor&#39;s signature." in wait
    assert "2 hours of held supervision waiting for a supervisor&#39;s signature." in wait
    assert "Once you pass, an administrator records the result here." in wait
    assert f'href="/competency/people/{worker.id}/readiness"' in page
    assert "https://internationalcredentialing.org/icrc-credentials/pr" in page
    assert 'class="table-scroll"' in page


def test_a_recorded_exam_is_met_with_its_date(client, login, make, cast):
    worker, _, _ = cast
    db.session.add(CredentialExam(worker_id=worker.id, credential_slug="icrc-peer-recovery",
                                  passed_on=date(2026, 10, 5)))  # fmt: skip
    db.session.commit()
    login(worker)
    page = client.get(_url(worker)).get_data(as_text=True)
    assert "<dt>Passed on</dt><dd>5 Oct 2026</dd>" in page
    assert "Sit the IC&amp;RC" not in page


def test_the_current_supervisor_sees_it_and_the_read_is_audited(client, login, make, cast):
    worker, boss, _ = cast
    login(boss)
    listing = client.get("/competency/supervisees").get_data(as_text=True)
    assert f'href="{_url(worker)}">Credential' in listing
    page = client.get(_url(worker)).get_data(as_text=True)
    assert "Readiness for certification: Robin Peer" in page
    assert "What Robin Peer can do next" in page
    assert 'name="credential"' not in page  # a supervisor does not choose for the worker
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "certification.readiness.read")
    ).one()
    assert (event.actor_id, event.record_id, event.outcome) == (boss.id, str(worker.id), "success")


@pytest.mark.parametrize("who", ["other_team_trainee", "other_team_supervisor", "former",
                                 "manager", "admin"])  # fmt: skip
def test_anyone_else_is_refused_and_audited(client, login, make, cast, who):
    worker, _, team = cast
    other = make.team("South")
    people = {
        "other_team_trainee": lambda: make.user(Role.TRAINEE, team=other),
        "other_team_supervisor": lambda: make.user(Role.SUPERVISOR, team=other),
        "manager": lambda: make.user(Role.MANAGER),
        "admin": lambda: make.user(Role.ADMIN),
    }
    if who == "former":
        visitor = make.user(Role.SUPERVISOR, team=team)
        make.assign(visitor, worker, start=today() - timedelta(days=200),
                    end=today() - timedelta(days=10))  # fmt: skip
    else:
        visitor = people[who]()
        if who == "manager":
            make.scope(visitor, team)
    login(visitor)
    response = client.get(_url(worker))
    assert response.status_code == 403
    assert "Robin Peer" not in response.get_data(as_text=True)
    refused = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "certification.readiness.read")
    ).one()
    assert (refused.actor_id, refused.outcome) == (visitor.id, "denied")


def test_the_worker_chooses_a_credential_and_the_page_follows(client, login, cast):
    worker, _, _ = cast
    login(worker)
    response = client.post(f"/certification/people/{worker.id}/credential",
                           data={"credential": "mha-ncps"})  # fmt: skip
    assert response.status_code == 302
    assert db.session.get(CredentialChoice, worker.id).credential_slug == "mha-ncps"
    page = client.get(_url(worker)).get_data(as_text=True)
    assert "National Certified Peer Specialist (NCPS)" in page and "You chose this" in page
    assert "Supervised hours" not in page  # NCPS asks for supervised work, not hours apart
    assert "<dt>Counted from</dt><dd>the last 6 years</dd>" in page
    assert '<option selected value="mha-ncps">' in page


def test_a_bad_choice_gets_a_message_next_to_the_field_and_nothing_is_saved(client, login, cast):
    worker, _, _ = cast
    login(worker)
    response = client.post(f"/certification/people/{worker.id}/credential",
                           data={"credential": "../../etc/passwd"})  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert (
        '<p class="error" id="credential-error">Choose one of the credentials listed.</p>' in page
    )
    assert db.session.get(CredentialChoice, worker.id) is None


def test_looking_at_another_credential_does_not_change_the_choice(client, login, cast):
    worker, _, _ = cast
    login(worker)
    page = client.get(_url(worker, credential="mha-ncps")).get_data(as_text=True)
    assert "You are looking at this credential" in page and "Peer Recovery (PR)" in page
    assert db.session.get(CredentialChoice, worker.id) is None


def test_an_admin_chooses_for_a_worker_without_seeing_their_hours(client, login, make, cast):
    worker, _, _ = cast
    admin = make.user(Role.ADMIN)
    login(admin)
    form = client.get(f"/certification/people/{worker.id}/credential").get_data(as_text=True)
    assert "Credential for Robin Peer" in form and "Work experience" not in form
    response = client.post(f"/certification/people/{worker.id}/credential",
                           data={"credential": "mha-ncps"}, follow_redirects=True)  # fmt: skip
    assert "Robin Peer now works towards National Certified Peer Specialist (NCPS)." in (
        response.get_data(as_text=True)
    )
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "certification.credential.choose")
    ).one()
    assert (event.actor_id, event.detail) == (admin.id, "none -> mha-ncps")


def test_the_organisation_default_applies_until_a_worker_chooses(client, login, make, cast):
    worker, _, _ = cast
    admin = make.user(Role.ADMIN)
    login(admin)
    assert client.post("/certification/default", data={"credential": "nope"}).status_code == 400
    client.post("/certification/default", data={"credential": "mha-ncps"})
    assert db.session.get(Setting, DEFAULT_CREDENTIAL_KEY).value == "mha-ncps"
    client.post("/auth/logout")
    login(worker, PASSWORD)
    page = client.get(_url(worker)).get_data(as_text=True)
    assert "National Certified Peer Specialist (NCPS)" in page
    assert "Your organisation's default credential." in page


def test_the_standing_is_one_statement_and_a_write_in_the_request_is_seen(app, cast):
    """The choice, the default and each credential's latest exam come back together (the exam a
    date on both databases), and a write later in the same request is not hidden by the memo."""
    from sqlalchemy import Engine, event

    from peertrain.certification.credentials import credential_for, standing

    worker, boss, _ = cast
    db.session.add_all([
        Setting(key=DEFAULT_CREDENTIAL_KEY, value="mha-ncps"),
        CredentialExam(worker_id=worker.id, credential_slug="mha-ncps", passed_on=date(2026, 3, 1)),
        CredentialExam(worker_id=worker.id, credential_slug="mha-ncps", passed_on=date(2026, 5, 2)),
        CredentialExam(worker_id=worker.id, credential_slug="icrc-peer-recovery",
                       passed_on=date(2025, 1, 9)),
    ])  # fmt: skip
    db.session.commit()
    worker_id, seen = worker.id, []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement)

    with app.test_request_context("/"):
        event.listen(Engine, "before_cursor_execute", count)
        try:
            first = standing(worker_id)
            assert credential_for(worker_id)[1] == "default"
        finally:
            event.remove(Engine, "before_cursor_execute", count)
        assert len(seen) == 1, seen
        assert first.chosen is None and first.default == "mha-ncps"
        assert first.exams == {"mha-ncps": date(2026, 5, 2), "icrc-peer-recovery": date(2025, 1, 9)}
        db.session.add(CredentialChoice(worker_id=worker_id, credential_slug="icrc-peer-recovery"))
        db.session.flush()
        assert credential_for(worker_id)[0].id == "icrc-peer-recovery"
        assert credential_for(worker_id)[1] == "chosen"
    db.session.rollback()
