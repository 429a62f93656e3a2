"""The admin user form in people's words, and its next step: a new peer worker goes straight
on to choosing their supervisor, so nobody is left without one."""

from __future__ import annotations

from flask import flash, request, url_for
from sqlalchemy import select

from ..extensions import db
from ..inputs import record_id
from ..models import ROLE_LABELS, Role, SupervisionAssignment, User
from ..privacy.access_history import roles_of
from .native import human

ROLE_CHOICES = [(r.value, ROLE_LABELS[r]) for r in Role]
LABELS = {
    "role_names": "Roles",
    "role_choices": "Roles",
    "is_peer": "Lived experience",
    "fte": "FTE",
    "start_date": "Start date",
    "certification_stage": "Certification stage",
    "new_password": "Set password",
}
HINT_NEW_ACCOUNT = (
    "Leave empty to send an invitation by email, so they choose their own password."
    " At least 12 characters."
)
HINT_EXISTING_ACCOUNT = "Leave empty to keep the current password. At least 12 characters."


def role_names(user: User) -> str:
    return roles_of(user)  # worded as on "who can read my records"


def stage_name(user: User) -> str:
    stage = user.certification_stage
    return human(stage.value) if stage is not None else ""


def password_hint(form, is_new: bool) -> None:
    if "new_password" in form:
        form.new_password.description = HINT_NEW_ACCOUNT if is_new else HINT_EXISTING_ACCOUNT


def needs_supervisor(user: User) -> bool:
    """A peer worker with no current supervision assignment (or one waiting for approval)."""
    if Role.TRAINEE not in user.roles:
        return False
    current = select(SupervisionAssignment.id).where(
        SupervisionAssignment.supervisee_id == user.id,
        SupervisionAssignment.end_date.is_(None),
    )
    return db.session.scalar(current.limit(1)) is None


def after_create_url(user: User, default: str) -> str:
    """Where Save leads after creating `user`: to assigning a supervisor, when they need one."""
    if not needs_supervisor(user):
        return default
    flash(f"Next: choose who supervises {user.name}.", "info")
    return url_for("admin_assignments.create_view", supervisee=user.id)


def prefill_supervisee(form) -> None:
    """?supervisee=<id> (from after_create_url) chooses the supervisee on a new assignment."""
    wanted = record_id(request.args.get("supervisee", ""))
    person = db.session.get(User, wanted) if wanted is not None else None
    if person is not None and request.method == "GET":
        form.supervisee.data = person
