"""Helpers for the admin views' separation-of-duties hooks: old values, diverting a change that
waits for approval out of the form's commit, and the plain-words summaries of requests."""

from __future__ import annotations

from flask import flash
from flask_login import current_user
from sqlalchemy import inspect

from ..approvals import access as grants
from ..approvals import services as approvals
from ..authz import approvals_required, email_change_opens_account
from ..extensions import db
from ..formatting import short_date
from ..models import Role, User

APPROVAL_SETTING = "approval_admins_min"


def names(roles) -> str:
    return ", ".join(sorted(Role(r).value for r in roles))


def before(model, fields) -> dict:
    """The values a row had before the form changed it (unflushed, so still in the history)."""
    state = inspect(model)
    out = {}
    for name in fields:
        history = state.attrs[name].history
        out[name] = (list(history.deleted) or list(history.unchanged) or [None])[0]
    return out


def divert(model, is_created: bool) -> None:
    """Keep a change that waits for approval out of the form's commit."""
    if is_created:
        db.session.expunge(model)
    else:
        db.session.expire(model)  # drops the form's unflushed values


def assignment_summary(new: dict) -> str:
    supervisor = db.session.get(User, new["supervisor_id"])
    supervisee = db.session.get(User, new["supervisee_id"])
    until = f" to {short_date(new['end_date'])}" if new["end_date"] else ""
    return (
        f"Assign {supervisor} as supervisor of {supervisee}, from"
        f" {short_date(new['start_date'])}{until}"
    )


def setting_waits(key: str, current: float, raw: str) -> bool:
    """Raising the approval threshold switches the rule off for this organisation: while the
    rule is in force, that raise is itself a change for another admin to approve."""
    if key != APPROVAL_SETTING or float(raw) <= current or not approvals_required():
        return False
    approvals.request_change(
        "setting",
        record_type="setting",
        record_id=None,
        grantee_id=None,
        summary=f"Need approvals only from {float(raw):g} active admins (now {current:g})",
        payload={"key": key, "value": raw},
        by_id=current_user.id,
    )
    flash(f"{approvals.WAITS}: the approval threshold is unchanged for now.", "warning")
    return True


def email_change(model: User, old: str | None, is_created: bool) -> None:
    """A signed-in account's new address waits for approval (or, with one admin, applies and
    the old address is told), so an admin cannot point a reset link at themselves."""
    if is_created or old is None or old == model.email or not email_change_opens_account(model):
        return
    if not approvals_required():
        grants.email_changed(model, old)
        return
    new, model.email = model.email, old
    approvals.request_change(
        "email",
        record_type="user",
        record_id=model.id,
        grantee_id=model.id,
        summary=f"Change the sign-in email of {model.name} from {old} to {new}",
        payload={"user_id": model.id, "email": new},
        by_id=current_user.id,
    )
    flash(f"{approvals.WAITS}: the email is unchanged for now.", "warning")
