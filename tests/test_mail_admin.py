"""The admin "Mail outbox" page: metadata and delivery state, never subjects or bodies."""

from __future__ import annotations

from peertrain.extensions import db
from peertrain.mail import enqueue
from peertrain.models import AuditEvent, Role
from peertrain.models.mail import OutboxStatus

from .mail_helpers import queue


def _planted_message():
    msg = enqueue(
        to="rae@example.org",
        template="test_message",
        context={"name": "PLANTED-NAME-4e1d", "link": "https://x.example/PLANTED-LINK-88"},
        kind="supervision_due",
    )
    msg.status, msg.attempts, msg.last_error = OutboxStatus.FAILED, 3, "550 5.1.1 No such user"
    db.session.commit()
    return msg


def test_admin_sees_status_kind_recipient_attempts_and_error_but_no_text(app, make, login, client):
    _planted_message()
    queue("sam@example.org")
    login(make.user(Role.ADMIN))
    page = client.get("/admin/admin_mail/").get_data(as_text=True)
    assert "<h1>Mail outbox</h1>" in page
    for shown in (
        "rae@example.org",
        "sam@example.org",
        "supervision_due",
        "550 5.1.1 No such user",
    ):
        assert shown in page
    assert "queued: 1" in page and "failed: 1" in page and "sent: 0" in page
    for hidden in ("PLANTED-NAME-4e1d", "PLANTED-LINK-88", "PeerTrain test message", "Hello"):
        assert hidden not in page


def test_status_filter_and_an_unknown_status(app, make, login, client):
    _planted_message()
    queue("sam@example.org")
    login(make.user(Role.ADMIN))
    failed = client.get("/admin/admin_mail/?status=failed").get_data(as_text=True)
    assert "rae@example.org" in failed and "sam@example.org" not in failed
    assert "failed messages (1)" in failed
    odd = client.get("/admin/admin_mail/?status=lost&page=x").get_data(as_text=True)
    assert "There is no status called that" in odd
    assert "rae@example.org" in odd and "sam@example.org" in odd


def test_pages_of_fifty(app, make, login, client):
    for i in range(51):
        queue(f"p{i:02d}@example.org")
    login(make.user(Role.ADMIN))
    first = client.get("/admin/admin_mail/").get_data(as_text=True)
    assert "Page 1 of 2." in first and "p50@example.org" in first and "p00@example.org" not in first
    second = client.get("/admin/admin_mail/?page=2").get_data(as_text=True)
    assert "p00@example.org" in second and "p50@example.org" not in second


def test_a_manager_is_refused_and_the_refusal_audited(app, make, login, client):
    _planted_message()
    manager = make.user(Role.MANAGER)
    login(manager)
    response = client.get("/admin/admin_mail/")
    assert response.status_code == 403
    assert "rae@example.org" not in response.get_data(as_text=True)
    refusals = db.session.query(AuditEvent).filter_by(actor_id=manager.id, outcome="denied").all()
    assert refusals, "the refused visit is in the audit log"
