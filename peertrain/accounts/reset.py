"""Password reset by the user: same answer and same work whether or not the email has an account,
rate-limited per address and per account, single-use 30-minute links, every login ended."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from flask import current_app

from .. import audit
from ..auth import throttle
from ..auth.services import _tried, find_user_by_email, set_password
from ..clock import utcnow
from ..extensions import db
from ..formatting import date_time
from ..mail.outbox import enqueue
from ..models import AccountToken, TokenPurpose, User
from . import links, tokens


class Outcome(enum.StrEnum):
    ANSWERED = "answered"  # the one answer every email gets: "if it has an account, we sent..."
    ADDRESS_LIMITED = "address_limited"  # this client asked too often; says nothing of the email


def _within_limit(kind: str, value: str, limit: int) -> bool:
    window = timedelta(minutes=current_app.config["RESET_WINDOW_MINUTES"])
    return throttle.within_limit(kind, value, limit, window)


def request_reset(email: str, ip: str | None) -> Outcome:
    """Send a link if the address has an active account; the caller shows the same answer."""
    cfg = current_app.config
    now = utcnow()
    email = email.strip().lower()
    raw, digest = tokens.new_token()  # made on every path, so both take the same work
    if ip and not _within_limit("reset-address", ip, cfg["RESET_MAX_PER_ADDRESS"]):
        known = find_user_by_email(email)
        audit.log(
            "password_reset_request",
            "user",
            known.id if known else None,
            outcome="locked",
            detail=_tried(known),
        )
        db.session.commit()
        return Outcome.ADDRESS_LIMITED
    account_ok = _within_limit("reset-account", email, cfg["RESET_MAX_PER_ACCOUNT"])
    user = find_user_by_email(email)
    if user is None or not user.active or not account_ok:
        outcome = "limited" if not account_ok else "no_account"
        audit.log(
            "password_reset_request",
            "user",
            user.id if user else None,
            outcome=outcome,
            detail=_tried(user),
        )
        db.session.commit()
        return Outcome.ANSWERED
    _issue(user, raw, digest, now)
    audit.log("password_reset_request", "user", user.id)
    db.session.commit()
    return Outcome.ANSWERED


def send_link_for(user: User, *, by_id: int) -> None:
    """An admin's "Send a reset link" (peertrain/admin/views.py): the link goes to the person's
    own address, so the admin never learns or chooses a password of an account in use."""
    raw, digest = tokens.new_token()
    _issue(user, raw, digest, utcnow())
    audit.log("admin_send_reset", "user", user.id, actor_id=by_id)
    db.session.commit()


def _issue(user: User, raw: str, digest: str, now: datetime) -> None:
    tokens.withdraw(user.id, TokenPurpose.RESET)
    minutes = current_app.config["RESET_VALID_MINUTES"]
    row = AccountToken(
        user=user,
        purpose=TokenPurpose.RESET,
        token_hash=digest,
        created_at=now,
        sent_at=now,
        expires_at=now + timedelta(minutes=minutes),
    )
    db.session.add(row)
    enqueue(
        to=user.email,
        template="password_reset",
        context={
            "name": user.name,
            "link": links.reset_link(raw),
            "minutes": minutes,
            "expires": date_time(row.expires_at),
        },
        user_id=user.id,
        kind="password_reset",
    )


def find(raw: str) -> AccountToken | None:
    return tokens.find_usable(raw, TokenPurpose.RESET)


def complete(row: AccountToken, password: str) -> bool:
    """Set the new password and end every login; False if the link was used meanwhile."""
    if not tokens.consume(row):
        db.session.rollback()
        return False
    user = row.user
    set_password(user, password)  # revokes every session of the user
    throttle.clear_account(user.email)  # guesses at the old password no longer slow them
    tokens.withdraw(user.id, TokenPurpose.RESET)
    # An invited person who resets instead of accepting needs the invitation no more.
    tokens.withdraw(user.id, TokenPurpose.INVITATION)
    audit.log("password_reset", "user", user.id, actor_id=user.id)
    db.session.commit()
    return True
