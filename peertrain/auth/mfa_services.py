"""Two-step sign-in writes: the pending login, enrolment, code checks, re-auth and changes."""

from __future__ import annotations

import time

from flask import current_app, session
from sqlalchemy import delete, update

from .. import audit
from ..clock import utcnow
from ..extensions import db
from ..formatting import date_time
from ..mail.outbox import enqueue
from ..models import MfaRecoveryCode, MfaTotp, User
from ..passwords import hash_password, verify_password
from . import mfa, throttle

PENDING_KEY = "mfa_pending"
ENROL_KEY = "mfa_enrol"
REAUTH_KEY = "mfa_reauth"
REAUTH_SECONDS = 5 * 60  # a confirmed identity opens changes for this long


class CodeRefused(Exception):
    """Raised with a message safe to show next to the field it names."""

    def __init__(self, message: str, field: str = "code") -> None:
        super().__init__(message)
        self.field = field


# --- the login between password and code -----------------------------------------------


def start_pending_login(user: User, next_url: str | None) -> None:
    """The password was right: remember who, for a few minutes, until the code passes."""
    session.clear()  # a fresh cookie: nothing from before the sign-in carries over
    session[PENDING_KEY] = {"uid": user.id, "at": int(time.time()), "next": next_url or ""}
    audit.log("login", "user", user.id, outcome="code_needed", actor_id=user.id)
    db.session.commit()


def pending_login() -> tuple[User, str] | None:
    """The user whose password passed in this browser, while the code step is still open."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    limit = current_app.config.get("MFA_PENDING_MINUTES", 5) * 60
    user = db.session.get(User, pending.get("uid"))
    if time.time() - pending.get("at", 0) > limit or user is None or not user.active:
        session.pop(PENDING_KEY, None)
        return None
    return user, pending.get("next") or ""


def verify_login_code(user: User, code: str, ip: str | None) -> None:
    """Accept a current authenticator code or an unused recovery code; the caller then starts
    the session (whose commit also keeps the code's use). Failures count towards the lockout."""
    _begin(user, ip, "mfa_code")
    if not _use_code(user, code):
        audit.log("mfa_code", "user", user.id, outcome="failure", actor_id=user.id)
        db.session.commit()
        raise CodeRefused("That code is not right. Codes change every 30 seconds; try a new one.")
    throttle.succeeded(user.email, ip)
    session.pop(PENDING_KEY, None)


def _begin(user: User, ip: str | None, action: str, field: str = "code") -> None:
    """Count the attempt before any secret is checked (the same throttle as passwords)."""
    try:
        throttle.begin_attempt(user.email, ip)
    except throttle.Throttled as refused:
        audit.log(action, "user", user.id, outcome="locked", actor_id=user.id)
        db.session.commit()
        raise CodeRefused(str(refused), field=field) from None


def _use_code(user: User, code: str) -> bool:
    """Consume the code if it is good: a TOTP step newer than the last one used, or an unused
    recovery code. Both are claimed with a conditional UPDATE, so two requests racing with the
    same code cannot both succeed."""
    cred = mfa.credential(user.id)
    if cred is None:
        return False
    step = mfa.matching_step(mfa.decrypt(cred.secret_encrypted), code)
    if step is not None:
        claimed = db.session.execute(
            update(MfaTotp)
            .where(MfaTotp.user_id == user.id, MfaTotp.last_used_step < step)
            .values(last_used_step=step, secret_encrypted=mfa.reencrypt(cred.secret_encrypted))
        )
        return claimed.rowcount == 1
    if not mfa.looks_like_recovery_code(code):
        return False
    typed = mfa.normalise_code(code)
    for row in mfa.unused_recovery_codes(user.id):
        if verify_password(row.code_hash, typed):
            claimed = db.session.execute(
                update(MfaRecoveryCode)
                .where(MfaRecoveryCode.id == row.id, MfaRecoveryCode.used_at.is_(None))
                .values(used_at=utcnow())
            )
            if claimed.rowcount == 1:
                left = len(mfa.unused_recovery_codes(user.id))
                audit.log(
                    "mfa_recovery_code_used",
                    "user",
                    user.id,
                    actor_id=user.id,
                    detail=f"{left} left",
                )
                return True
    return False


# --- enrolment -------------------------------------------------------------------------


def enrolment_secret(user: User) -> str:
    """The secret being enrolled in this browser: kept encrypted in the session (never in the
    database until confirmed), renewed after ENROL_MINUTES."""
    token = session.get(ENROL_KEY)
    if token:
        try:
            uid, _, secret = mfa.decrypt(token, ttl=mfa.ENROL_MINUTES * 60).partition(":")
            if uid == str(user.id):
                return secret
        except mfa.SecretUnreadable:
            pass
    secret = mfa.new_secret()
    session[ENROL_KEY] = mfa.encrypt(f"{user.id}:{secret}")
    return secret


def confirm_enrolment(user: User, code: str, *, password: str | None, ip: str | None) -> list[str]:
    """The first code proves the app holds the secret. Replaces any earlier authenticator and
    returns the new recovery codes, the only time they exist in plain text. The password is
    asked too (None only just after a re-authentication), so someone at an unattended, signed-in
    browser cannot lock the owner out with an authenticator of their own."""
    if password is not None:
        _begin(user, ip, "mfa_enrol", field="password")
        if not verify_password(user.password_hash, password):
            audit.log("mfa_enrol", "user", user.id, outcome="failure", actor_id=user.id)
            db.session.commit()
            raise CodeRefused("That is not your password.", field="password")
        throttle.not_a_failure(user.email, ip)  # a wrong enrolment code is not a guess
    secret = enrolment_secret(user)
    step = mfa.matching_step(secret, code)
    if step is None:
        audit.log("mfa_enrol", "user", user.id, outcome="failure", actor_id=user.id)
        db.session.commit()
        raise CodeRefused(
            "That code does not match. Check the app shows PeerTrain, then try the newest code."
        )
    replacing = mfa.is_enrolled(user)
    db.session.execute(delete(MfaTotp).where(MfaTotp.user_id == user.id))
    db.session.add(
        MfaTotp(user_id=user.id, secret_encrypted=mfa.encrypt(secret), last_used_step=step)
    )
    codes = _replace_recovery_codes(user)
    audit.log(
        "mfa_enrol", "user", user.id, actor_id=user.id, detail="replaced" if replacing else None
    )
    _security_mail(user, "added")
    db.session.commit()
    session.pop(ENROL_KEY, None)
    session.pop(REAUTH_KEY, None)
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(MfaRecoveryCode).where(MfaRecoveryCode.user_id == user.id))
    codes = mfa.new_recovery_codes()
    db.session.add_all(
        MfaRecoveryCode(user_id=user.id, code_hash=hash_password(mfa.normalise_code(c)))
        for c in codes
    )
    return codes


# --- changes after re-authentication ---------------------------------------------------


def reauthenticate(user: User, password: str, code: str, ip: str | None) -> None:
    """Password and a current code again before any change; failures count like a login's."""
    _begin(user, ip, "mfa_reauth")
    # The code is tried (and spent) only after the password passes.
    if not verify_password(user.password_hash, password) or not _use_code(user, code):
        audit.log("mfa_reauth", "user", user.id, outcome="failure", actor_id=user.id)
        db.session.commit()
        raise CodeRefused("That password and code do not match your account.")
    throttle.succeeded(user.email, ip)
    audit.log("mfa_reauth", "user", user.id, actor_id=user.id)
    db.session.commit()
    session[REAUTH_KEY] = {"uid": user.id, "at": int(time.time())}


def reauth_fresh(user: User) -> bool:
    mark = session.get(REAUTH_KEY)
    return (
        isinstance(mark, dict)
        and mark.get("uid") == user.id
        and time.time() - mark.get("at", 0) <= REAUTH_SECONDS
    )


def disable(user: User, *, by_operator: bool = False) -> None:
    """Turn it off (the person, after re-auth), or reset it (an operator, `flask users
    mfa-reset`, for a lost phone with no recovery codes left)."""
    db.session.execute(delete(MfaTotp).where(MfaTotp.user_id == user.id))
    db.session.execute(delete(MfaRecoveryCode).where(MfaRecoveryCode.user_id == user.id))
    actor = None if by_operator else user.id
    audit.log(
        "mfa_disable",
        "user",
        user.id,
        actor_id=actor,
        detail="operator reset" if by_operator else None,
    )
    _security_mail(user, "removed")
    db.session.commit()
    if not by_operator:
        session.pop(REAUTH_KEY, None)


def regenerate_recovery_codes(user: User) -> list[str]:
    codes = _replace_recovery_codes(user)
    audit.log("mfa_recovery_codes", "user", user.id, actor_id=user.id)
    _security_mail(user, "recovery_codes")
    db.session.commit()
    session.pop(REAUTH_KEY, None)
    return codes


def _security_mail(user: User, change: str) -> None:
    """Always by email, whatever the person's preferences: someone else may be at the keys."""
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    enqueue(
        to=user.email,
        template="mfa_changed",
        context={
            "name": user.name,
            "change": change,
            "when": date_time(utcnow()),
            # Built without a request, so `flask users mfa-reset` can send it too.
            "link": base + current_app.url_map.bind("").build("auth.mfa_status"),
        },
        user_id=user.id,
        kind="security_sign_in_method",
    )
