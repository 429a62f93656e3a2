"""An admin records certifications, renewals, exams and revocations (bad input kept with its
message next to the field); the worker's page shows renewal: CE hours against the requirement,
ethics hours and the expiry date."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from peertrain.certification.services_records import default_expiry
from peertrain.clock import today, utcnow
from peertrain.extensions import db
from peertrain.models import AuditEvent, Certification, CredentialExam, Role, TrainingRecord

CRED = "icrc-peer-recovery"  # content/credentials: renewal every 2 years, 20 CE hours, 6 ethics


@pytest.fixture
def cast(make):
    team = make.team("North")
    worker = make.user(Role.TRAINEE, team=team, name="Robin Peer")
    boss = make.user(Role.SUPERVISOR, team=team, name="Sam Super")
    make.assign(boss, worker)
    admin = make.user(Role.ADMIN, name="Alex Admin")
    return worker, boss, admin


def _post(client, worker, **data):
    form = {"credential": CRED, "certified_on": "", "certificate_number": "", "expires_on": ""}
    return client.post(f"/certification/people/{worker.id}/certifications", data=form | data)


def test_bad_certification_input_gets_messages_next_to_fields_and_keeps_values(cast, client, login):
    worker, _, admin = cast
    login(admin)
    future = (today() + timedelta(days=3)).isoformat()
    r = _post(client, worker, certified_on=future, certificate_number="PR-<script>")
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert 'id="certified_on-error">The certification date cannot be in the future.' in page
    assert 'id="certificate_number-error">Use letters, digits, spaces and . / - only' in page
    assert f'value="{future}"' in page and 'value="PR-&lt;script&gt;"' in page
    r = _post(client, worker, certified_on="2026-01-10", expires_on="2025-12-31")
    page = r.get_data(as_text=True)
    assert 'id="expires_on-error">The expiry date must be after the certification date.' in page
    assert 'id="certificate_number-error">Enter the certificate number.' in page
    assert 'value="2026-01-10"' in page and 'value="2025-12-31"' in page
    assert db.session.scalar(select(Certification)) is None


def test_expiry_follows_the_renewal_period_unless_given_and_is_audited(cast, client, login):
    worker, _, admin = cast
    login(admin)
    certified = today() - timedelta(days=100)
    r = _post(client, worker, certified_on=certified.isoformat(), certificate_number="PR-2026-7")
    assert r.status_code == 302
    cert = db.session.scalar(select(Certification))
    assert (
        cert.expires_on
        == default_expiry(certified, 2)
        == certified.replace(year=certified.year + 2)
    )
    assert cert.certificate_number == "PR-2026-7" and cert.recorded_by_id == admin.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "certification.record"))
    assert event.record_id == str(cert.id) and event.actor_id == admin.id
    page = client.get(f"/certification/people/{worker.id}/certifications").get_data(as_text=True)
    assert "PR-2026-7" in page and "In force" in page


def test_renewal_is_a_new_row_pointing_at_the_old_one(cast, client, login):
    worker, _, admin = cast
    old = Certification(
        worker_id=worker.id,
        credential_slug=CRED,
        certificate_number="A-1",
        certified_on=today() - timedelta(days=700),
        expires_on=today() + timedelta(days=30),
    )
    db.session.add(old)
    db.session.commit()
    login(admin)
    r = _post(
        client,
        worker,
        certified_on=today().isoformat(),
        certificate_number="A-2",
        renews=str(old.id),
    )
    assert r.status_code == 302
    new = db.session.scalar(select(Certification).where(Certification.certificate_number == "A-2"))
    assert new.renews_id == old.id
    page = client.get(f"/certification/people/{worker.id}/certifications").get_data(as_text=True)
    assert "Renewed" in page and "(a renewal)" in page


def test_exam_and_revocation_with_a_note(cast, client, login):
    worker, _, admin = cast
    login(admin)
    r = client.post(
        f"/certification/people/{worker.id}/exams",
        data={"exam-credential": CRED, "exam-passed_on": "", "exam-note": ""},
    )
    assert r.status_code == 400
    assert 'id="exam-passed_on-error">Enter the date the exam was passed.' in r.get_data(True)
    passed = today() - timedelta(days=5)
    client.post(
        f"/certification/people/{worker.id}/exams",
        data={"exam-credential": CRED, "exam-passed_on": passed.isoformat()},
    )
    assert db.session.scalar(select(CredentialExam)).passed_on == passed
    cert = Certification(
        worker_id=worker.id,
        credential_slug=CRED,
        certificate_number="B-1",
        certified_on=today() - timedelta(days=10),
        expires_on=today() + timedelta(days=700),
    )
    db.session.add(cert)
    db.session.commit()
    r = client.post(f"/certification/certifications/{cert.id}/revoke", data={"revoke-note": ""})
    assert r.status_code == 400 and "Say why the certification is revoked." in r.get_data(True)
    client.post(
        f"/certification/certifications/{cert.id}/revoke",
        data={"revoke-note": "Board letter of 1 Dec"},
    )
    db.session.refresh(cert)
    assert cert.revoked_at is not None and cert.revoked_note == "Board letter of 1 Dec"
    page = client.get(f"/certification/people/{worker.id}/certifications").get_data(as_text=True)
    assert "Revoked" in page and "Board letter of 1 Dec" in page


def test_renewal_ce_progress_on_a_hand_made_fixture(cast, client, login):
    """Certified 200 days ago: 5 h ethics + 4 h other verified inside the period count (9 of 20,
    ethics 5 of 6); 3 h unverified and 7 h ended before the period do not."""
    worker, boss, _ = cast
    certified = today() - timedelta(days=200)
    db.session.add(
        Certification(
            worker_id=worker.id,
            credential_slug=CRED,
            certificate_number="C-1",
            certified_on=certified,
            expires_on=certified + timedelta(days=730),
        )
    )

    def course(title, ended, minutes, topics=(), verified=True):
        db.session.add(
            TrainingRecord(
                worker_id=worker.id,
                title=title,
                provider="P",
                started_on=ended,
                ended_on=ended,
                minutes=minutes,
                domains=["COM"],
                topics=list(topics),
                verified_at=utcnow() if verified else None,
                verified_by_id=boss.id if verified else None,
            )
        )

    course("Ethics one", certified + timedelta(days=10), 300, ["ethics"])
    course("Wellness", certified + timedelta(days=50), 240)
    course("Not verified", certified + timedelta(days=60), 180, verified=False)
    course("Before the period", certified - timedelta(days=5), 420, ["ethics"])
    db.session.commit()
    for who in (worker, boss):
        login(who)
        page = client.get(f"/certification/people/{worker.id}/certificate").get_data(as_text=True)
        assert "9 of 20 CE hours (45%)" in page
        assert '<progress class="req-bar" max="100" value="45"' in page
        assert "Ethics" in page and ": 5 of 6 hours" in page
        expires = certified + timedelta(days=730)
        assert f"{expires.day} {expires.strftime('%b %Y')}" in page and "530 days left" in page
        client.post("/auth/logout")


def test_who_may_see_the_certificate_page(cast, make, client, login):
    worker, _, admin = cast
    outsider = make.user(Role.SUPERVISOR, team=make.team("South"))
    former = make.user(Role.SUPERVISOR)
    make.assign(former, worker, start=today() - timedelta(days=90), end=today() - timedelta(days=5))
    for who in (outsider, former, admin):
        login(who)
        assert client.get(f"/certification/people/{worker.id}/certificate").status_code == 403
        client.post("/auth/logout")
    refused = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "certification.renewal.read", AuditEvent.outcome == "denied"
        )
    ).all()
    assert len(refused) == 3
