"""The delivery worker: claim due outbox rows, send each once, record the outcome, back off."""

from __future__ import annotations

import logging
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.exc import OperationalError

from .. import clock
from ..extensions import db
from ..models.mail import OutboxMessage, OutboxStatus
from .build import build_message, envelope_sender
from .transport import (
    ClaimLost,
    DeliveryError,
    OutcomeUnknown,
    Permanent,
    ServerDown,
    transport_for,
)

log = logging.getLogger(__name__)

RETRY_BASE = timedelta(minutes=1)
RETRY_CAP = timedelta(hours=6)
UNKNOWN = "outcome unknown: handed to the mail server, then the worker stopped; not resent"
STUCK = "the worker stopped during every attempt; not sent"


def backoff(attempts: int) -> timedelta:
    """Wait before the next try after `attempts` failed ones: 1, 2, 4 ... minutes, at most 6 h."""
    return min(RETRY_BASE * (2 ** max(attempts - 1, 0)), RETRY_CAP)


def lease_length(config: dict) -> timedelta:
    # Longer than any one send can take: every socket operation times out well before it.
    return timedelta(seconds=max(300, 6 * int(config.get("MAIL_SMTP_TIMEOUT_SECONDS", 30))))


@dataclass
class PassResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    recovered: int = 0
    stopped: str | None = None  # why the pass ended early (server down)
    errors: list[str] = field(default_factory=list)


def recover_expired(now: datetime, max_attempts: int = 8) -> tuple[int, int]:
    """Rows whose worker died: back to the queue if DATA never started, otherwise given up.
    A message that has stopped its worker `max_attempts` times is given up too (poison)."""
    expired = (OutboxMessage.status == OutboxStatus.SENDING) & (OutboxMessage.lease_until < now)
    never_sent = expired & OutboxMessage.handed_off_at.is_(None)
    requeued = db.session.execute(
        update(OutboxMessage)
        .where(never_sent, OutboxMessage.attempts < max_attempts)
        .values(status=OutboxStatus.QUEUED, claim_token=None, lease_until=None, next_attempt_at=now)
    ).rowcount
    requeued += db.session.execute(
        update(OutboxMessage)
        .where(never_sent, OutboxMessage.attempts >= max_attempts)
        .values(status=OutboxStatus.FAILED, claim_token=None, lease_until=None, last_error=STUCK)
    ).rowcount
    unknown = db.session.execute(
        update(OutboxMessage)
        .where(expired, OutboxMessage.handed_off_at.is_not(None))
        .values(status=OutboxStatus.FAILED, claim_token=None, lease_until=None, last_error=UNKNOWN)
    ).rowcount
    db.session.commit()
    return requeued, unknown


def claim_next(token: str, now: datetime, lease: timedelta) -> int | None:
    """Claim the oldest due message for this worker in one statement; None when nothing is due.

    PostgreSQL: UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED), so concurrent workers
    pass over each other's rows instead of waiting. SQLite ignores FOR UPDATE, but one UPDATE
    is one write transaction there (the database lock serialises workers), and the re-checked
    `status = 'queued'` means a row already claimed is never claimed again.
    """
    due = (OutboxMessage.status == OutboxStatus.QUEUED) & (OutboxMessage.next_attempt_at <= now)
    oldest = (
        select(OutboxMessage.id)
        .where(due)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    msg_id = db.session.scalar(
        update(OutboxMessage)
        .where(OutboxMessage.id == oldest, due)
        .values(
            status=OutboxStatus.SENDING,
            claim_token=token,
            lease_until=now + lease,
            handed_off_at=None,
            attempts=OutboxMessage.attempts + 1,
        )
        .returning(OutboxMessage.id)
    )
    db.session.commit()
    return msg_id


def _settle(msg_id: int, token: str, **values) -> bool:
    """Record an outcome, only if this worker still holds the claim."""
    done = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == msg_id, OutboxMessage.claim_token == token)
        .values(claim_token=None, lease_until=None, **values)
    ).rowcount
    db.session.commit()
    return done == 1


def _record_sent(msg_id: int) -> None:
    """The server has the mail. Only the worker that won the handoff reaches DATA, so this is
    by id alone: it also corrects an "unknown" that a clock-skewed peer may have written."""
    for tries_left in (2, 1, 0):
        try:
            db.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == msg_id, OutboxMessage.handed_off_at.is_not(None))
                .values(
                    status=OutboxStatus.SENT,
                    sent_at=clock.utcnow(),
                    last_error=None,
                    claim_token=None,
                    lease_until=None,
                )
            )
            db.session.commit()
            return
        except OperationalError:
            # Try hard: if this is never recorded, the expired lease will call it "unknown".
            db.session.rollback()
            if not tries_left:
                raise
            threading.Event().wait(1)


def _record_failure(msg_id: int, attempts: int, token: str, exc: DeliveryError, result: PassResult):
    now = clock.utcnow()
    error = str(exc)[:300]
    max_attempts = int(current_app.config.get("MAIL_MAX_ATTEMPTS", 8))
    if isinstance(exc, Permanent | OutcomeUnknown) or attempts >= max_attempts:
        if isinstance(exc, OutcomeUnknown):
            error = f"{UNKNOWN} ({error})"[:300]
        _settle(msg_id, token, status=OutboxStatus.FAILED, last_error=error)
        result.failed += 1
        log.warning("mail %s failed after %s attempts: %s", msg_id, attempts, error)
    else:
        _settle(
            msg_id,
            token,
            status=OutboxStatus.QUEUED,
            handed_off_at=None,
            next_attempt_at=now + backoff(attempts),
            last_error=error,
        )
        result.retrying += 1
        log.info("mail %s attempt %s failed, will retry: %s", msg_id, attempts, error)


def deliver_due(limit: int | None = None, stop: threading.Event | None = None) -> PassResult:
    """One pass: send every due message (at most `limit`), one at a time, then return; a set
    `stop` ends the pass after the message in hand."""
    config = current_app.config
    result = PassResult()
    result.recovered = sum(recover_expired(clock.utcnow(), int(config["MAIL_MAX_ATTEMPTS"])))
    transport = transport_for(config)
    token = secrets.token_hex(16)
    sender = envelope_sender(config["MAIL_FROM"])
    lease = lease_length(config)
    try:
        while limit is None or result.sent + result.retrying + result.failed < limit:
            if stop is not None and stop.is_set():
                break
            msg_id = claim_next(token, clock.utcnow(), lease)
            if msg_id is None:
                break
            msg = db.session.get(OutboxMessage, msg_id, populate_existing=True)
            payload = build_message(msg, mail_from=config["MAIL_FROM"]).as_bytes()
            recipient, attempts = msg.recipient, msg.attempts
            db.session.commit()  # end the read: SQLite must not upgrade it to a write later

            def handoff(msg_id: int = msg_id) -> bool:
                return _settle_handoff(msg_id, token)

            try:
                transport.send(sender, recipient, payload, handoff, str(msg_id))
            except ClaimLost:
                continue
            except DeliveryError as exc:
                _record_failure(msg_id, attempts, token, exc, result)
                if isinstance(exc, ServerDown):
                    result.stopped = str(exc)
                    break
                continue
            _record_sent(msg_id)
            result.sent += 1
    finally:
        transport.close()
    return result


def _settle_handoff(msg_id: int, token: str) -> bool:
    done = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == msg_id,
            OutboxMessage.claim_token == token,
            OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.lease_until > clock.utcnow(),
        )
        .values(handed_off_at=clock.utcnow())
    ).rowcount
    db.session.commit()
    return done == 1


def run_forever(interval: float, stop: threading.Event, on_pass=None) -> None:
    """Pass after pass until `stop` is set; a database outage waits and tries again."""
    while not stop.is_set():
        try:
            result = deliver_due(stop=stop)
            if on_pass:
                on_pass(result)
        except OperationalError as exc:
            db.session.rollback()
            log.warning("mail worker: database unavailable (%s); retrying", type(exc).__name__)
        finally:
            db.session.remove()
        stop.wait(interval)


def counts_by_status() -> dict[str, int]:
    from .queries import counts

    return counts(db.session)


def requeue(msg_id: int) -> bool:
    """An operator's deliberate resend of a failed message (it may arrive twice if 'unknown')."""
    done = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == msg_id, OutboxMessage.status == OutboxStatus.FAILED)
        .values(
            status=OutboxStatus.QUEUED,
            attempts=0,
            handed_off_at=None,
            next_attempt_at=clock.utcnow(),
        )
    ).rowcount
    db.session.commit()
    return done == 1


def prune(older_than_days: int) -> int:
    """Delete sent and failed messages older than this: their bodies hold names and links."""
    cutoff = clock.utcnow() - timedelta(days=older_than_days)
    done = db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.status.in_([OutboxStatus.SENT, OutboxStatus.FAILED]),
            OutboxMessage.created_at < cutoff,
        )
    ).rowcount
    db.session.commit()
    return done
