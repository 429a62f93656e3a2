"""Account operations: login (throttled in throttle.py), sessions, logout, password changes."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app, session
from flask_login import login_user, logout_user
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import contains_eager

from .. import audit, prepared
from ..clock import utcnow
from ..extensions import db
from ..inputs import record_id
from ..models import User, UserSession
from ..passwords import hash_password, verify_password
from . import throttle

SESSION_KEY = "sid"


def _tried(user: User | None) -> str:
    """What a refused login records: whether the account exists, never the typed text (a
    password typed into the email box by mistake must not reach the audit log). The account,
    when there is one, is the event's record id."""
    return "account exists" if user is not None else "no such account"


class LoginRefused(Exception):
    """Raised with a message safe to show: it never says whether the account exists."""


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


# --- login and sessions ----------------------------------------------------------------


def authenticate(email: str, password: str, ip: str | None) -> User:
    """Return the user, or raise LoginRefused; every outcome is audited and committed. The
    attempt is counted before the password is checked (throttle.py), so a burst of guesses is
    judged on counts that include each other."""
    try:
        throttle.begin_attempt(email, ip)
    except throttle.Throttled as refused:
        known = find_user_by_email(email)
        audit.log(
            "login", "user", known.id if known else None, outcome="locked", detail=_tried(known)
        )
        db.session.commit()
        raise LoginRefused(str(refused)) from None
    user = find_user_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None:
        audit.log(
            "login",
            "user",
            user.id if user else None,
            outcome="failure",
            detail=_tried(user),
        )
        db.session.commit()
        raise LoginRefused("That email and password do not match an account.")
    from . import mfa

    if mfa.is_enrolled(user):
        # The code step counts next; a known password must not clear the count of wrong codes.
        throttle.not_a_failure(email, ip)
    else:
        throttle.succeeded(email, ip)
    if not user.active:
        audit.log("login", "user", user.id, outcome="inactive", actor_id=user.id)
        db.session.commit()
        raise LoginRefused("This account has been deactivated. Ask an administrator.")
    db.session.commit()
    return user


def start_session(user: User, ip: str | None, *, action: str = "login") -> UserSession:
    session.clear()  # a fresh cookie on login: no fixation of an earlier session
    record = UserSession(id=secrets.token_urlsafe(32), user_id=user.id, ip=ip)
    db.session.add(record)
    audit.log(action, "user", user.id, actor_id=user.id)
    db.session.commit()
    session[SESSION_KEY] = record.id
    session.permanent = True
    login_user(user, remember=False)
    return record


def load_session_user(user_id: str) -> User | None:
    """Flask-Login's loader: the cookie is honoured only while its server-side session lives."""
    sid = session.get(SESSION_KEY)
    uid = record_id(str(user_id))
    if not sid or uid is None:
        return None
    record = _session_with_user(sid)
    if record is None or record.revoked_at is not None or record.user_id != uid:
        return None
    now = utcnow()
    cfg = current_app.config
    idle = timedelta(minutes=cfg["SESSION_IDLE_MINUTES"])
    absolute = timedelta(hours=cfg["SESSION_ABSOLUTE_HOURS"])
    if now - record.last_seen_at > idle or now - record.created_at > absolute:
        record.revoked_at = now
        db.session.commit()
        return None
    user = record.user
    if not user.active:
        return None
    # Touch at most once a minute so reading pages doesn't write on every request.
    if now - record.last_seen_at > timedelta(minutes=1):
        record.last_seen_at = now
        db.session.commit()
    return user


@prepared.statement
def _login_statement():
    """The login, its person, their team and roles, and the header's unread count: one
    statement, since every signed-in page needs them before it can do anything else (the
    team: a worker's own pages name it, and a lazy load cost a statement). Built once per
    process with the login id as a parameter: on the most-run query there is, building the
    statement cost as much as the database took to answer it. (Built on first use, not at
    import: the relationships need every model mapped.)"""
    from ..notify.queries import unread_count_of

    return (
        select(UserSession, unread_count_of(UserSession.user_id))
        .join(UserSession.user)
        .outerjoin(User.role_rows)
        .outerjoin(User.team)
        .options(
            contains_eager(UserSession.user).contains_eager(User.role_rows),
            contains_eager(UserSession.user).contains_eager(User.team),
        )
        .where(UserSession.id == bindparam("sid"))
    )


def _session_with_user(sid: str) -> UserSession | None:
    from ..notify.queries import prime_unread_count

    found = db.session.execute(_login_statement(), {"sid": sid}).unique().first()
    if found is None:
        return None
    record, unread = found
    prime_unread_count(record.user_id, unread)
    return record


def end_session(user: User) -> None:
    sid = session.get(SESSION_KEY)
    if sid:
        db.session.execute(
            update(UserSession)
            .where(UserSession.id == sid, UserSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    audit.log("logout", "user", user.id, actor_id=user.id)
    db.session.commit()
    logout_user()
    session.clear()


def revoke_all_sessions(user_id: int, *, keep: str | None = None) -> None:
    """Ends every login of a user (deactivation, password change); the caller commits."""
    stmt = update(UserSession).where(
        UserSession.user_id == user_id, UserSession.revoked_at.is_(None)
    )
    if keep:
        stmt = stmt.where(UserSession.id != keep)
    db.session.execute(stmt.values(revoked_at=utcnow()))


def set_password(user: User, password: str, *, keep_session: str | None = None) -> None:
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    if user.id is not None:  # a brand-new account has no logins to end
        revoke_all_sessions(user.id, keep=keep_session)


def change_own_password(user: User, new_password: str, ip: str | None) -> None:
    """Every login of this user ends, old cookies included; this browser gets a fresh one."""
    set_password(user, new_password)
    start_session(user, ip, action="password_change")


def deactivate(user: User) -> None:
    user.active = False
    revoke_all_sessions(user.id)
    audit.log("deactivate", "user", user.id)
    db.session.commit()
