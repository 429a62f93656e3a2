"""Telling people that access to their records was granted: an audit event about them (shown on
their /my-data/reads page) and a notification, for an immediate change and an approved one."""

from __future__ import annotations

from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..formatting import short_date
from ..models import ManagerScope, Role, SupervisionAssignment, User, UserRole
from ..notify import kinds, notify
from ..notify.events import path_for

# The audit action the privacy pages list as "given access" (privacy/access_history.py).
ACTION = "access_granted"


def _tell(person: User, what: str) -> None:
    # `what` carries names, roles and dates only, never any record's text.
    audit.log(ACTION, "user", person.id, detail=what)
    notify(person, kinds.ACCESS_GRANTED.kind, title=what, link=path_for("privacy.reads"))


def supervision_opened(row: SupervisionAssignment) -> None:
    supervisor = db.session.get(User, row.supervisor_id)
    until = f" to {short_date(row.end_date)}" if row.end_date else ""
    _tell(
        db.session.get(User, row.supervisee_id),
        f"{supervisor.name} can read your reflections, rating notes and supervision records as"
        f" your supervisor, from {short_date(row.start_date)}{until}",
    )


def _people_in_scope(row: ManagerScope) -> list[User]:
    stmt = select(User).where(User.active.is_(True), User.id != row.manager_id)
    if row.org_wide:
        # Every worker in the organisation: the people whose figures and summaries it opens.
        stmt = stmt.join(UserRole, UserRole.user_id == User.id).where(UserRole.role == Role.TRAINEE)
    else:
        stmt = stmt.where(User.team_id == row.team_id)
    return list(db.session.scalars(stmt.order_by(User.id)))


def scope_opened(row: ManagerScope) -> None:
    manager = db.session.get(User, row.manager_id)
    where = "the whole organisation" if row.org_wide else "your team"
    for person in _people_in_scope(row):
        _tell(
            person,
            f"{manager.name} can see the figures and flag summaries of {where} as a manager",
        )


def roles_granted(user: User, roles) -> None:
    names = ", ".join(sorted(Role(r).value for r in roles))
    _tell(user, f"Your account was given the {names} role (access to other people's records)")


def password_set(user: User) -> None:
    _tell(user, "An admin set a password on your account: choose your own once you sign in")


def email_changed(user: User, old: str) -> None:
    what = f"The sign-in email of your account was changed from {old} to {user.email}"
    _tell(user, what)
    # The old address too: if the change was not the person's wish, only it can raise the alarm.
    from ..mail.outbox import enqueue
    from ..notify import absolute

    enqueue(
        to=old,
        template="notification",
        context={"name": user.name, "title": what, "link": absolute(path_for("privacy.reads"))},
        user_id=user.id,
        kind=kinds.ACCESS_GRANTED.kind,
    )
