"""Never twice: claims, leases, a worker that dies before or during DATA, concurrent workers."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from peertrain.extensions import db
from peertrain.mail.worker import (
    STUCK,
    UNKNOWN,
    _settle_handoff,
    claim_next,
    deliver_due,
    lease_length,
    recover_expired,
    requeue,
)
from peertrain.models.mail import OutboxStatus

from .conftest import IS_POSTGRES
from .mail_helpers import T0, frozen_clock, outbox, queue, smtp_config, smtp_server  # noqa: F401

LEASE = timedelta(minutes=5)


def test_two_claims_never_get_the_same_message(app, now):
    first, second = queue("a@example.org"), queue("b@example.org")
    assert claim_next("worker-a", T0, LEASE) == first.id
    assert claim_next("worker-b", T0, LEASE) == second.id
    assert claim_next("worker-a", T0, LEASE) is None
    rows = outbox()
    assert [(r.status, r.claim_token, r.attempts) for r in rows] == [
        (OutboxStatus.SENDING, "worker-a", 1),
        (OutboxStatus.SENDING, "worker-b", 1),
    ]
    assert rows[0].lease_until == T0 + LEASE


def test_a_message_not_yet_due_is_not_claimed(app, now):
    msg = queue()
    msg.next_attempt_at = T0 + timedelta(minutes=2)
    db.session.commit()
    assert claim_next("w", T0 + timedelta(minutes=1), LEASE) is None
    assert claim_next("w", T0 + timedelta(minutes=2), LEASE) == msg.id


def test_a_worker_that_died_before_data_leaves_the_message_to_be_sent_later(app, smtp, now):
    msg = queue()
    claim_next("dead-worker", T0, lease_length(app.config))
    assert deliver_due().sent == 0  # still leased: nobody else touches it
    now.advance(lease_length(app.config) + timedelta(seconds=1))
    result = deliver_due()
    assert (result.recovered, result.sent) == (1, 1)
    [got] = smtp.received
    assert got.message["Message-ID"] == msg.message_id
    [row] = outbox()
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 2)


def test_a_worker_that_died_during_data_is_never_resent(app, smtp, now):
    """At most once: after the handoff the server may have the mail, so a stale lease is
    recorded as failed with an unknown outcome, never sent again automatically."""
    queue()
    msg_id = claim_next("dead-worker", T0, lease_length(app.config))
    assert _settle_handoff(msg_id, "dead-worker") is True
    now.advance(lease_length(app.config) + timedelta(seconds=1))
    result = deliver_due()
    assert (result.recovered, result.sent) == (1, 0)
    assert smtp.received == []
    [row] = outbox()
    assert (row.status, row.last_error) == (OutboxStatus.FAILED, UNKNOWN)
    # An operator who has checked the mail server log may send it again deliberately.
    assert requeue(row.id) is True
    assert deliver_due().sent == 1
    assert requeue(row.id) is False  # only failed messages


def test_a_worker_whose_lease_was_taken_over_does_not_send(app, smtp, now):
    queue()
    msg_id = claim_next("slow-worker", T0, LEASE)
    now.advance(LEASE + timedelta(seconds=1))
    assert recover_expired(now.value) == (1, 0)
    assert claim_next("new-worker", now.value, LEASE) == msg_id
    # The slow worker wakes up and wants to start DATA: refused, its claim is gone.
    assert _settle_handoff(msg_id, "slow-worker") is False
    assert _settle_handoff(msg_id, "new-worker") is True


def test_an_expired_lease_refuses_the_handoff_even_to_its_holder(app, now):
    queue()
    msg_id = claim_next("w", T0, LEASE)
    now.advance(LEASE + timedelta(seconds=1))
    assert _settle_handoff(msg_id, "w") is False


@pytest.mark.skipif(not IS_POSTGRES, reason="concurrent writers need PostgreSQL (SKIP LOCKED)")
def test_concurrent_workers_send_each_message_exactly_once(app, smtp):
    count, workers = 60, 4
    for i in range(count):
        queue(f"person{i}@example.org")
    barrier = threading.Barrier(workers)
    results, errors = [], []

    def work():
        try:
            with app.app_context():  # its own session and connection
                barrier.wait()
                results.append(deliver_due())
                db.session.remove()
        except Exception as exc:  # noqa: BLE001 - reported below, not swallowed
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert sum(r.sent for r in results) == count
    assert sum(1 for r in results if r.sent) > 1, "the workers did not actually run together"
    ids = [r.message["Message-ID"] for r in smtp.received]
    assert len(ids) == count and len(set(ids)) == count
    db.session.expire_all()
    rows = outbox()
    assert {r.status for r in rows} == {OutboxStatus.SENT}
    assert {r.attempts for r in rows} == {1}


def test_a_message_that_stops_its_worker_every_time_is_given_up(app, smtp, now):
    queue()
    lease = lease_length(app.config)
    for _ in range(4):  # MAIL_MAX_ATTEMPTS = 4: four workers die holding it
        assert claim_next("dying-worker", now.value, lease) is not None
        now.advance(lease + timedelta(seconds=1))
        recover_expired(now.value, max_attempts=4)
    [row] = outbox()
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.FAILED, 4, STUCK)
    assert deliver_due().sent == 0 and smtp.received == []
