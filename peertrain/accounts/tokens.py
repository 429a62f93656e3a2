"""Single-use account tokens: random, stored only as a SHA-256 hash, consumed atomically."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update

from ..clock import utcnow
from ..extensions import db
from ..models import AccountToken, TokenPurpose, User


def hash_token(raw: str) -> str:
    # The token has 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh (raw, hash) pair; the raw token goes in the link and nowhere else."""
    raw = secrets.token_urlsafe(32)
    return raw, hash_token(raw)


def issue(
    user: User, purpose: TokenPurpose, lifetime: timedelta, *, by_id: int | None = None
) -> tuple[str, AccountToken]:
    """A new token for a user; the user's earlier unused tokens of that purpose stop working."""
    now = utcnow()
    if user.id is not None:
        withdraw(user.id, purpose)
    raw, digest = new_token()
    row = AccountToken(
        user=user,
        purpose=purpose,
        token_hash=digest,
        created_at=now,
        sent_at=now,
        expires_at=now + lifetime,
        created_by_id=by_id,
    )
    db.session.add(row)
    return raw, row


def withdraw(user_id: int, purpose: TokenPurpose) -> int:
    """Revoke every open token of this purpose for a user; returns how many."""
    result = db.session.execute(
        update(AccountToken)
        .where(
            AccountToken.user_id == user_id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
            AccountToken.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
    )
    return result.rowcount or 0


def find_usable(raw: str, purpose: TokenPurpose) -> AccountToken | None:
    """The open, unexpired token with this value, or None (unknown, used, revoked, expired)."""
    if not raw or len(raw) > 100:
        return None
    row = db.session.scalar(
        select(AccountToken).where(
            AccountToken.token_hash == hash_token(raw), AccountToken.purpose == purpose
        )
    )
    if row is None or row.used_at or row.revoked_at or row.expires_at <= utcnow():
        return None
    if not row.user.active:
        return None
    return row


def consume(row: AccountToken) -> bool:
    """Mark used if nobody else did first: the conditional UPDATE is what makes it single use
    even when two requests with the same link arrive together."""
    result = db.session.execute(
        update(AccountToken)
        .where(
            AccountToken.id == row.id,
            AccountToken.used_at.is_(None),
            AccountToken.revoked_at.is_(None),
            AccountToken.expires_at > utcnow(),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
