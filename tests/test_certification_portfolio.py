"""Portfolios: issued by the worker with an unguessable code and a stored snapshot; printable
(print stylesheet) and a PDF rendered with no network; the public /verify page shows only name,
credential, date and validity; codes are revocable, rate-limited, and bad codes are a plain 404."""

from __future__ import annotations

import io
import socket
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from peertrain.clock import today, utcnow
from peertrain.extensions import db
from peertrain.models import (
    AuditEvent,
    Certification,
    Portfolio,
    Reflection,
    Role,
    ServiceSetting,
    Signoff,
    SignoffItem,
    SignoffKind,
    SignoffMethod,
    TrainingRecord,
    WorkLog,
)

CRED = "icrc-peer-recovery"
PRIVATE = [
    "PRIVATE-WORKNOTE-7731",
    "PRIVATE-SESSION-4410",
    "PRIVATE-REFLECT-9902",
    "secret-inbox-5521@example.org",
    "PRIVATE-RETURNED-3318",
]


@pytest.fixture
def cast(make):
    team = make.team("North")
    worker = make.user(Role.TRAINEE, team=team, name="Robin Peer", email=PRIVATE[3])
    boss = make.user(Role.SUPERVISOR, team=team, name="Sam Super")
    make.assign(boss, worker)
    make.competency_framework({"COM": 1})
    module = make.module(title="Boundaries in peer work", competency_codes=["COM-1"])
    make.progress(worker, module, completed=True)
    db.session.add(
        Reflection(
            user_id=worker.id,
            module_id=module.id,
            prompt_id="p1",
            prompt="What did you notice?",
            text=PRIVATE[2],
        )
    )
    monday = today() - timedelta(days=today().weekday() + 7)
    week = WorkLog(
        worker_id=worker.id,
        week_starting=monday,
        minutes=1350,
        note=PRIVATE[0],
        setting=ServiceSetting.COMMUNITY,
        confirmed_by_id=boss.id,
        confirmed_at=utcnow(),
    )
    course = TrainingRecord(
        worker_id=worker.id,
        title="Ethics evening class",
        provider="Peer Network",
        started_on=monday,
        ended_on=monday,
        minutes=150,
        domains=["COM"],
        topics=["ethics"],
        verified_at=utcnow(),
        verified_by_id=boss.id,
        returned_note=PRIVATE[4],
    )
    db.session.add_all([week, course])
    db.session.flush()
    session = make.session(boss, worker, minutes=90, what_happened=PRIVATE[1])
    db.session.add(
        Signoff(
            supervisor_id=boss.id,
            worker_id=worker.id,
            period_start=monday,
            period_end=monday + timedelta(days=6),
            statement="I confirm these hours are accurate.",
            rows_hash="0" * 64,
            method=SignoffMethod.PASSWORD,
            items=[
                SignoffItem(kind=SignoffKind.WORK_LOG, row_id=week.id, row_digest="1" * 64),
                SignoffItem(
                    kind=SignoffKind.SUPERVISION_SESSION, row_id=session.id, row_digest="2" * 64
                ),
            ],
        )
    )
    db.session.flush()
    week.signoff_id = db.session.scalar(select(Signoff.id))
    db.session.add(
        Certification(
            worker_id=worker.id,
            credential_slug=CRED,
            certificate_number="PR-42",
            certified_on=today() - timedelta(days=30),
            expires_on=today() + timedelta(days=700),
        )
    )
    db.session.commit()
    return worker, boss


def _issue(client, login, worker) -> Portfolio:
    login(worker)
    r = client.post(f"/certification/people/{worker.id}/portfolios")
    assert r.status_code == 302
    return db.session.scalar(select(Portfolio))


def test_issuing_stores_an_unguessable_code_and_a_snapshot(cast, client, login):
    worker, _ = cast
    p = _issue(client, login, worker)
    assert len(p.code) == 22 and p.snapshot["code"] == p.code
    assert p.snapshot["worker"] == "Robin Peer" and p.snapshot["credential"]["id"] == CRED
    assert [m["title"] for m in p.snapshot["modules"]] == ["Boundaries in peer work"]
    assert p.snapshot["work"][0]["hours"] == 22.5 and p.snapshot["work"][0]["signed"] is True
    assert db.session.scalar(
        select(AuditEvent.record_id).where(AuditEvent.action == "certification.portfolio.create")
    ) == str(p.id)
    page = client.get(f"/certification/portfolios/{p.id}").get_data(as_text=True)
    assert "css/portfolio-print.css" in page and p.code in page
    assert "Boundaries in peer work" in page and "Ethics evening class" in page
    assert "Sam Super" in page and "I confirm these hours are accurate." in page
    assert "COM title" in page and "PR-42" in page
    assert not [s for s in PRIVATE if s in page]


def test_the_print_stylesheet_hides_the_site_around_the_record(app):
    text = (Path(app.static_folder) / "css" / "portfolio-print.css").read_text(encoding="utf-8")
    assert "@media print" in text and "display: none" in text


def test_the_pdf_renders_with_no_network(cast, client, login, monkeypatch):
    worker, _ = cast
    p = _issue(client, login, worker)

    def no_network(*args, **kwargs):
        raise AssertionError("the PDF must not open a connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    r = client.get(f"/certification/portfolios/{p.id}.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(r.data)).pages)
    flat = " ".join(text.split())
    assert "Portfolio: Robin Peer" in flat and p.code in flat
    assert "Boundaries in peer work (version 1)" in flat
    assert "Ethics evening class" in flat and "2.5 h" in flat
    assert "22.5 h" in flat and "1.5 h" in flat  # the week's hours, the session's hours
    assert "Sam Super signed" in flat and "I confirm these hours are accurate." in flat
    assert not [s for s in PRIVATE if s in flat]


def test_verify_shows_only_name_credential_date_and_validity(cast, client, login, app):
    worker, _ = cast
    p = _issue(client, login, worker)
    client.post("/auth/logout")
    r = client.get(f"/verify/{p.code}")
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Robin Peer" in page and "Peer Recovery (PR)" in page and "Valid" in page
    issued = p.created_at.date()
    assert f"{issued.day} {issued.strftime('%b %Y')}" in page
    for leak in PRIVATE + ["Ethics evening class", "22.5", "PR-42", "Sam Super", "Boundaries"]:
        assert leak not in page, leak


def test_a_revoked_code_says_revoked_and_an_expired_certification_not_valid(cast, client, login):
    worker, _ = cast
    p = _issue(client, login, worker)
    cert = db.session.scalar(select(Certification))
    cert.expires_on, cert.certified_on = today() - timedelta(days=1), today() - timedelta(days=800)
    db.session.commit()
    assert "the certification has expired" in client.get(f"/verify/{p.code}").get_data(True)
    client.post(f"/certification/portfolios/{p.id}/revoke")
    db.session.refresh(p)
    assert p.revoked_at is not None
    client.post("/auth/logout")
    assert "Revoked: this portfolio" in client.get(f"/verify/{p.code}").get_data(True)


def test_unknown_and_malformed_codes_are_a_plain_404(cast, client):
    for code in ["A" * 22, "x" * 500, "abc$%25def", "..%2F..", "%00" * 3, "é" * 22]:
        r = client.get(f"/verify/{code}")
        assert r.status_code == 404, code
        assert "Robin Peer" not in r.get_data(True)


@pytest.mark.parametrize("config_overrides", [{"VERIFY_MAX_PER_ADDRESS": 3}])
def test_checks_are_rate_limited_per_address(cast, client, config_overrides):
    for _ in range(3):
        assert client.get("/verify/" + "B" * 22).status_code == 404
    r = client.get("/verify/" + "B" * 22)
    assert r.status_code == 429 and "Too many checks" in r.get_data(True)


def test_who_may_read_issue_and_revoke(cast, make, client, login):
    worker, boss = cast
    p = _issue(client, login, worker)
    client.post("/auth/logout")
    admin, other = make.user(Role.ADMIN), make.user(Role.SUPERVISOR, team=make.team("South"))
    login(boss)
    assert client.get(f"/certification/portfolios/{p.id}.pdf").status_code == 200
    assert client.post(f"/certification/people/{worker.id}/portfolios").status_code == 403
    assert client.post(f"/certification/portfolios/{p.id}/revoke").status_code == 403
    client.post("/auth/logout")
    for who in (admin, other):
        login(who)
        assert client.get(f"/certification/portfolios/{p.id}").status_code == 403
        client.post("/auth/logout")
    login(admin)
    assert client.post(f"/certification/portfolios/{p.id}/revoke").status_code == 302
    reads = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.record_type == "portfolio")
    ).all()
    assert "certification.portfolio.read" in reads and "certification.portfolio.revoke" in reads
