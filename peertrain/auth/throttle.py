"""The one throttle: atomic attempt counters for sign-in, two-step codes and password resets."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import DateTime, case, delete, literal, or_, update

from ..clock import utcnow
from ..extensions import db
from ..formatting import date_time
from ..models import LoginThrottle
from ..upsert import insert_for

# The rules (README, Security): an account may fail LOGIN_MAX_FAILURES_PER_ACCOUNT times, then
# each further attempt waits twice as long as the one before (1 s, 2 s, 4 s ... up to
# LOGIN_DELAY_CAP_SECONDS). One address may fail LOGIN_MAX_FAILURES_PER_PAIR times on one account
# per window, and LOGIN_MAX_FAILURES_PER_ADDRESS times over all accounts (a brake on credential
# stuffing, high enough that an organisation behind one proxy never meets it by mistake).


class Throttled(Exception):
    """Raised with a message safe to show: it says when to try again, never whether the account
    exists (the counters are kept for any typed email alike)."""

    def __init__(self, until: datetime, *, whole_address: bool = False) -> None:
        super().__init__(_wait_message(until, whole_address))
        self.until = until


@dataclass(frozen=True)
class Counter:
    key: str
    limit: int  # attempts allowed in the window (0: no limit)
    window: timedelta
    delayed: bool = False  # past the limit: a growing delay instead of a refusal


def _digest(text: str) -> str:
    """Keys hold a keyed hash, not the typed text: a password typed into the email box must not
    be kept, and a NUL or a 10,000-character email must not break the insert."""
    key = current_app.config["SECRET_KEY"]
    key = key if isinstance(key, bytes) else key.encode()
    return hmac.new(
        key, text.strip().lower().encode("utf-8", "replace"), hashlib.sha256
    ).hexdigest()[:32]


def account_key(email: str) -> str:
    return f"account:{_digest(email)}"


def _pair_prefix(email: str) -> str:
    return f"pair:{_digest(email)}|"


def _login_counters(email: str, ip: str | None) -> list[Counter]:
    """Address first, account last: every attempt takes the rows in the same order, so two
    attempts never wait on each other in a circle."""
    cfg = current_app.config
    short = timedelta(minutes=cfg["LOGIN_WINDOW_MINUTES"])
    counters = []
    if ip:
        counters.append(
            Counter(f"address:{_digest(ip)}", cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"], short)
        )
        counters.append(
            Counter(_pair_prefix(email) + _digest(ip), cfg["LOGIN_MAX_FAILURES_PER_PAIR"], short)
        )
    long = timedelta(hours=cfg["LOGIN_ACCOUNT_WINDOW_HOURS"])
    counters.append(Counter(account_key(email), cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"], long, True))
    return counters


def delay_after(failures: int) -> timedelta:
    """The wait before the next attempt once an account has `failures` in its window."""
    cfg = current_app.config
    free = cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    if failures < free:
        return timedelta(0)
    seconds = min(2 ** min(failures - free, 30), cfg["LOGIN_DELAY_CAP_SECONDS"])
    return timedelta(seconds=seconds)


# --- the atomic counter ------------------------------------------------------------------


def _count(counter: Counter, now: datetime) -> int | None:
    """Count one attempt in a single INSERT ... ON CONFLICT DO UPDATE ... RETURNING, and return
    the new count, or None when the attempt is refused (and not counted). Concurrent attempts
    queue on the row, so none is lost and none is judged on a stale count."""
    t = LoginThrottle.__table__
    at = literal(now, DateTime)
    expired = t.c.window_started_at < literal(now - counter.window, DateTime)
    allowed = [expired]
    if counter.delayed:
        allowed.append(or_(t.c.locked_until.is_(None), t.c.locked_until <= at))
    elif counter.limit:
        allowed.append(t.c.failures < counter.limit)
    else:
        allowed.append(literal(True))
    stmt = insert_for(db.session)(LoginThrottle).values(
        key=counter.key, failures=1, window_started_at=now
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["key"],
        set_={
            "failures": case((expired, 1), else_=t.c.failures + 1),
            "window_started_at": case((expired, at), else_=t.c.window_started_at),
        },
        where=or_(*allowed),
    ).returning(t.c.failures)
    failures = db.session.execute(stmt).scalar()
    if failures is not None and counter.delayed:
        # Still inside this transaction, which holds the row: the next attempt sees the delay.
        db.session.execute(
            update(LoginThrottle)
            .where(LoginThrottle.key == counter.key)
            .values(locked_until=now + delay_after(failures))
        )
    return failures


def _uncount(key: str) -> None:
    db.session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.key == key, LoginThrottle.failures > 0)
        .values(failures=LoginThrottle.failures - 1)
    )


def _refused_until(counter: Counter, now: datetime) -> datetime:
    row = db.session.get(LoginThrottle, counter.key, populate_existing=True)
    if row is None:
        return now
    if counter.delayed and row.locked_until:
        return row.locked_until
    return row.window_started_at + counter.window


def _wait_message(until: datetime, whole_address: bool) -> str:
    seconds = max(1, int((until - utcnow()).total_seconds() + 0.999))
    if seconds >= 120:
        when = f"after {date_time(until)}"
    else:
        when = f"in {seconds} second{'s' if seconds != 1 else ''}"
    if whole_address:  # a new password would not lift this one: do not offer it
        return f"Too many failed attempts from this network. Try again {when}."
    return (
        f"Too many failed attempts. Try again {when}, "
        "or use “Forgotten your password?” to set a new one."
    )


# --- what callers use --------------------------------------------------------------------


def begin_attempt(email: str, ip: str | None) -> None:
    """Count a sign-in attempt (password or code) before it is checked, and commit, so the
    limit is judged on the count this attempt got. Raises Throttled, counting nothing, when the
    account waits out its delay or the address has used its share; the secret is then not
    checked at all."""
    now = utcnow()
    taken: list[str] = []
    for counter in _login_counters(email, ip):
        if _count(counter, now) is None:
            until = _refused_until(counter, now)
            for key in taken:  # a refused attempt counts nowhere
                _uncount(key)
            db.session.commit()
            raise Throttled(until, whole_address=counter.key.startswith("address:"))
        taken.append(counter.key)
    db.session.commit()


def succeeded(email: str, ip: str | None) -> None:
    """A complete sign-in: the account's delay and this address's count on it are cleared, and
    the attempt is taken back from the address's overall count. The caller commits."""
    # Row by row in begin_attempt's order (address, pair, account): one DELETE of the pair and
    # account rows first took them in the other order, and concurrent sign-ins to one account
    # from one address deadlocked.
    for c in _login_counters(email, ip):
        if c.key.startswith("address:"):
            _uncount(c.key)
        else:
            db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == c.key))


def not_a_failure(email: str, ip: str | None) -> None:
    """The password was right but a code is still to come: take this attempt back, so only the
    code's result counts (a known password must not clear the count of guessed codes)."""
    for c in _login_counters(email, ip):
        _uncount(c.key)


def clear_account(email: str) -> None:
    """A new password (reset): the guesses at the old one no longer matter, from any address.
    The caller commits."""
    db.session.execute(
        delete(LoginThrottle).where(
            or_(
                LoginThrottle.key == account_key(email),
                LoginThrottle.key.startswith(_pair_prefix(email), autoescape=True),
            )
        )
    )


def within_limit(kind: str, value: str, limit: int, window: timedelta) -> bool:
    """Count one request (e.g. a reset email asked for) against `kind` and `value`; False, not
    counted, once the window holds `limit` already. The caller commits."""
    return _count(Counter(f"{kind}:{_digest(value)}", limit, window), utcnow()) is not None
