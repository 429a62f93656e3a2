"""Invitations: a single-use link, valid 7 days, to set a first password; re-send, revoke, state."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from .. import audit
from ..auth.services import set_password, start_session
from ..clock import utcnow
from ..extensions import db
from ..formatting import date_time
from ..mail.outbox import enqueue
from ..models import AccountToken, TokenPurpose, User
from . import links, tokens


class InvitationState(enum.StrEnum):
    NONE = "none"
    PENDING = "pending"
    ACCEPTED = "accepted"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True)
class Invitation:
    state: InvitationState
    sent_at: datetime | None = None
    expires_at: datetime | None = None

    def __str__(self) -> str:
        if self.state is InvitationState.NONE:
            return "—"
        return f"{self.state.value}, sent {date_time(self.sent_at)}"


class InvitationError(Exception):
    """Raised with a message safe to show to an admin."""


def _state_of(row: AccountToken | None, now: datetime) -> Invitation:
    if row is None:
        return Invitation(InvitationState.NONE)
    if row.used_at:
        state = InvitationState.ACCEPTED
    elif row.revoked_at:
        state = InvitationState.REVOKED
    elif row.expires_at <= now:
        state = InvitationState.EXPIRED
    else:
        state = InvitationState.PENDING
    return Invitation(state, row.sent_at, row.expires_at)


def states(user_ids: list[int]) -> dict[int, Invitation]:
    """Each user's latest invitation, in one query (the admin list shows a page of users)."""
    rows = db.session.scalars(
        select(AccountToken)
        .where(AccountToken.user_id.in_(user_ids), AccountToken.purpose == TokenPurpose.INVITATION)
        .order_by(AccountToken.user_id, AccountToken.created_at, AccountToken.id)
    )
    latest = {row.user_id: row for row in rows}
    now = utcnow()
    return {uid: _state_of(latest.get(uid), now) for uid in user_ids}


def state(user_id: int) -> Invitation:
    return states([user_id])[user_id]


def invite(user: User, *, by_id: int | None = None) -> AccountToken:
    """Add an invitation and its message to the current transaction (the caller commits)."""
    if user.id is None:
        db.session.flush()  # an id for the token, and the column defaults (active) applied
    if not user.active:
        raise InvitationError("This account is deactivated; reactivate it before inviting.")
    days = current_app.config["INVITATION_VALID_DAYS"]
    raw, row = tokens.issue(user, TokenPurpose.INVITATION, timedelta(days=days), by_id=by_id)
    enqueue(
        to=user.email,
        template="invitation",
        context={
            "name": user.name,
            "link": links.invitation_link(raw),
            "expires": date_time(row.expires_at),
            "days": days,
        },
        user_id=user.id,
        kind="invitation",
    )
    audit.log("invitation_sent", "user", user.id, actor_id=by_id)
    return row


def resend(user_id: int, *, by_id: int | None) -> None:
    """A new link; the old one stops working."""
    user = db.session.get(User, user_id)
    if user is None:
        raise InvitationError("No such user.")
    if state(user_id).state is InvitationState.ACCEPTED:
        raise InvitationError(f"{user.name} has already accepted; they can reset their password.")
    invite(user, by_id=by_id)
    db.session.commit()


def revoke(user_id: int, *, by_id: int | None) -> None:
    if not tokens.withdraw(user_id, TokenPurpose.INVITATION):
        raise InvitationError("There is no pending invitation to revoke.")
    audit.log("invitation_revoked", "user", user_id, actor_id=by_id)
    db.session.commit()


def find(raw: str) -> AccountToken | None:
    return tokens.find_usable(raw, TokenPurpose.INVITATION)


def accept(row: AccountToken, password: str, ip: str | None) -> bool:
    """Set the first password and sign the person in (unless they use two-step sign-in, who
    then sign in with their code); False if the link was used meanwhile."""
    if not tokens.consume(row):
        db.session.rollback()
        return False
    user = row.user
    set_password(user, password)
    tokens.withdraw(user.id, TokenPurpose.RESET)
    audit.log("invitation_accepted", "user", user.id, actor_id=user.id)
    from ..auth import mfa

    if mfa.is_enrolled(user):
        # A link must never stand in for the second factor: sign in the usual way.
        db.session.commit()
    else:
        start_session(user, ip)  # commits the password, the used token and both audit events
    return True
