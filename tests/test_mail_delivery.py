"""Delivery over a real SMTP server: success, refusals, a server that is down, backoff, limits."""

from __future__ import annotations

from datetime import timedelta

from peertrain.extensions import db
from peertrain.mail.worker import backoff, deliver_due
from peertrain.models.mail import OutboxStatus

from .mail_helpers import (  # noqa: F401  (fixtures: config_overrides, now, smtp)
    T0,
    frozen_clock,
    outbox,
    queue,
    smtp_config,
    smtp_server,
)


def test_a_due_message_is_sent_once_and_marked_sent(app, smtp, now):
    msg = queue()
    result = deliver_due()
    assert (result.sent, result.retrying, result.failed) == (1, 0, 0)
    [got] = smtp.received
    assert got.mail_from == "noreply@peertrain.example"
    assert got.rcpt_tos == ["sam@example.org"]
    assert got.message["Message-ID"] == msg.message_id
    assert got.message["Subject"] == "PeerTrain test message"
    [row] = outbox()
    assert row.status == OutboxStatus.SENT
    assert (row.attempts, row.sent_at, row.last_error, row.claim_token) == (1, T0, None, None)
    # Running again sends nothing more: it was marked sent in the same step.
    assert deliver_due().sent == 0
    assert len(smtp.received) == 1


def test_a_permanent_refusal_fails_the_message_without_retrying(app, smtp, now):
    smtp.handler.rcpt_reply = "550 5.1.1 <sam@example.org>: Recipient address rejected"
    queue()
    result = deliver_due()
    assert (result.sent, result.failed) == (0, 1)
    [row] = outbox()
    assert row.status == OutboxStatus.FAILED
    assert row.last_error.startswith("550 5.1.1")
    assert "Hello" not in row.last_error  # the error never carries the body
    now.advance(timedelta(days=1))
    assert deliver_due().sent == 0
    assert smtp.received == []


def test_a_refused_data_reply_is_permanent_too(app, smtp, now):
    smtp.handler.data_reply = "554 5.7.1 Message rejected as spam"
    queue()
    deliver_due()
    [row] = outbox()
    assert (row.status, row.last_error) == (
        OutboxStatus.FAILED,
        "554 5.7.1 Message rejected as spam",
    )


def test_a_temporary_refusal_retries_with_exponential_backoff(app, smtp, now):
    smtp.handler.data_reply = "451 4.3.0 Try again later"
    queue()
    deliver_due()
    [row] = outbox()
    assert (row.status, row.attempts) == (OutboxStatus.QUEUED, 1)
    assert row.next_attempt_at == T0 + timedelta(minutes=1)
    assert row.last_error == "451 4.3.0 Try again later"
    # Not due yet: nothing is tried.
    now.advance(timedelta(seconds=59))
    assert deliver_due().retrying == 0
    now.set(T0 + timedelta(minutes=1))
    deliver_due()
    db.session.refresh(row)
    assert (row.attempts, row.next_attempt_at) == (2, T0 + timedelta(minutes=3))
    # The server recovers: the next due attempt delivers.
    smtp.handler.data_reply = None
    now.set(T0 + timedelta(minutes=3))
    assert deliver_due().sent == 1
    db.session.refresh(row)
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.SENT, 3, None)
    assert len(smtp.received) == 1


def test_backoff_doubles_and_is_capped():
    assert [backoff(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert backoff(30) == timedelta(hours=6)


def test_out_of_attempts_the_message_fails_permanently(app, smtp, now):
    smtp.handler.rcpt_reply = "452 4.2.2 Mailbox full"
    queue()
    for _ in range(4):  # MAIL_MAX_ATTEMPTS = 4
        deliver_due()
        now.advance(timedelta(hours=1))
    [row] = outbox()
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 4)
    assert row.last_error == "452 4.2.2 Mailbox full"
    now.advance(timedelta(days=1))
    deliver_due()
    db.session.refresh(row)
    assert row.attempts == 4


def test_a_server_that_is_down_leaves_mail_queued_until_it_is_back(app, smtp, now):
    smtp.stop()
    first, second = queue("a@example.org"), queue("b@example.org")
    result = deliver_due()
    assert result.sent == 0 and result.stopped and "cannot reach" in result.stopped
    rows = outbox()
    assert [r.status for r in rows] == [OutboxStatus.QUEUED, OutboxStatus.QUEUED]
    # Only the message in hand used an attempt; the pass stopped rather than burn the rest.
    assert [r.attempts for r in rows] == [1, 0]
    smtp.start()
    now.advance(timedelta(minutes=1))
    assert deliver_due().sent == 2
    assert sorted(r.rcpt_tos[0] for r in smtp.received) == ["a@example.org", "b@example.org"]
    assert {r.message["Message-ID"] for r in smtp.received} == {
        first.message_id,
        second.message_id,
    }


def test_limit_bounds_one_pass(app, smtp, now):
    for i in range(3):
        queue(f"p{i}@example.org")
    assert deliver_due(limit=2).sent == 2
    assert deliver_due().sent == 1
    assert len(smtp.received) == 3


def test_a_connection_the_server_closed_between_messages_is_reopened(app, smtp, now):
    from peertrain.mail.transport import SmtpTransport

    transport = SmtpTransport(app.config)
    payload = b"Subject: x\r\n\r\nbody\r\n"
    transport.send("a@x.org", "b@x.org", payload, lambda: True, "1")
    transport._conn.sock.close()  # the server's idle timeout, as the client sees it
    transport.send("a@x.org", "c@x.org", payload, lambda: True, "2")
    transport.close()
    assert [r.rcpt_tos for r in smtp.received] == [["b@x.org"], ["c@x.org"]]
