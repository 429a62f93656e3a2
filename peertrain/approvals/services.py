"""Pending changes: request one, approve it (applied through the same checks and the same
access notices as an immediate change), reject it. Every step is audited with its record id."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from .. import audit
from ..auth.services import revoke_all_sessions
from ..authz import has_signed_in, may_be_assigned_by, may_decide_change
from ..clock import utcnow
from ..extensions import db
from ..models import ManagerScope, PendingChange, Role, Setting, SupervisionAssignment, Team, User
from . import access

WAITS = "This change waits for another admin's approval"


class ApprovalError(Exception):
    """Raised with a message safe to show to an admin."""


def assignment_problem(supervisor, supervisee, start: date, end: date | None, by: User):
    """Why an assignment may not exist as asked, or None. Used by the admin form and again
    when a second admin approves it (the people may have changed meanwhile)."""
    if supervisor is None or supervisee is None:
        return "Choose both a supervisor and a supervisee."
    if supervisor.id == supervisee.id:
        return "A person cannot supervise themselves."
    if not may_be_assigned_by(by, supervisor.id):
        return "Another administrator must assign you as a supervisor."
    if not supervisor.has_role(Role.SUPERVISOR):
        return "The supervisor must hold the supervisor role."
    if end and start and end < start:
        return "The end date is before the start date."
    return None


def scope_problem(manager, team, org_wide: bool):
    if manager is None:
        return "Choose a manager."
    if not manager.has_role(Role.MANAGER):
        return "That person does not hold the manager role."
    if org_wide == (team is not None):
        return "Choose either one team or the whole organisation."
    return None


def request_change(
    kind: str,
    *,
    record_type: str,
    record_id: int | None,
    grantee_id: int | None,
    summary: str,
    payload: dict,
    by_id: int,
) -> PendingChange:
    """Add a request to the caller's transaction (the admin form's, which commits it)."""
    row = PendingChange(
        kind=kind,
        record_type=record_type,
        record_id=record_id,
        grantee_id=grantee_id,
        summary=summary[:300],
        payload=payload,
        requested_by_id=by_id,
        requested_at=utcnow(),
    )
    db.session.add(row)
    db.session.flush()  # its id, for the audit event
    audit.log("approval_request", "pending_change", row.id, actor_id=by_id, detail=_on(row))
    return row


def _on(row: PendingChange) -> str:
    return f"{row.kind} on {row.record_type} {row.record_id or 'new'}"


def _open(change_id: int, approver: User) -> PendingChange:
    row = db.session.get(PendingChange, change_id, with_for_update=True)
    if row is None or row.decision is not None:
        raise ApprovalError("That change has already been decided.")
    if not may_decide_change(approver, row):
        audit.log_now(
            "approval_decide", "pending_change", row.id, outcome="refused", detail=_on(row)
        )
        raise ApprovalError(
            "Another admin must decide this: you asked for it, or it gives you access."
        )
    return row


def approve(change_id: int, approver: User) -> PendingChange:
    row = _open(change_id, approver)
    try:
        row.record_id = APPLY[row.kind](row.payload, row.record_id, approver)
    except ApprovalError as refused:
        db.session.rollback()
        audit.log_now(
            "approval_approve", "pending_change", change_id, outcome="refused", detail=str(refused)
        )
        raise
    row.decision, row.decided_by_id, row.decided_at = "approved", approver.id, utcnow()
    audit.log("approval_approve", "pending_change", row.id, detail=_on(row))
    db.session.commit()
    return row


def reject(change_id: int, approver: User) -> PendingChange:
    row = _open(change_id, approver)
    row.decision, row.decided_by_id, row.decided_at = "rejected", approver.id, utcnow()
    audit.log("approval_reject", "pending_change", row.id, detail=_on(row))
    db.session.commit()
    return row


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise ApprovalError("That person no longer exists.")
    return user


def _roles(payload: dict, record_id, by: User) -> int:
    user = _user(payload["user_id"])
    added = {Role(r) for r in payload["roles"]} - user.roles
    user.roles = user.roles | added
    audit.log("admin_update", "user", user.id, detail=f"roles granted: {payload['roles']}")
    if added:
        access.roles_granted(user, added)
    return user.id


def _password(payload: dict, record_id, by: User) -> int:
    user = _user(payload["user_id"])
    if has_signed_in(user):
        raise ApprovalError(
            f"{user.name} has signed in since: only they set their password now. "
            "Send them a reset link instead."
        )
    user.password_hash = payload["password_hash"]  # hashed when asked for; never plain text
    user.password_changed_at = utcnow()
    revoke_all_sessions(user.id)
    audit.log("admin_set_password", "user", user.id)
    access.password_set(user)
    return user.id


def _email(payload: dict, record_id, by: User) -> int:
    user = _user(payload["user_id"])
    taken = select(User.id).where(User.email == payload["email"], User.id != user.id)
    if db.session.scalar(taken) is not None:
        raise ApprovalError("Another account has that email now.")
    old, user.email = user.email, payload["email"]
    audit.log("admin_update", "user", user.id, detail="sign-in email changed")
    access.email_changed(user, old)
    return user.id


def _dates(payload: dict) -> tuple[date, date | None]:
    end = payload["end_date"]
    return date.fromisoformat(payload["start_date"]), date.fromisoformat(end) if end else None


def _assignment(payload: dict, record_id, by: User) -> int:
    supervisor = db.session.get(User, payload["supervisor_id"])
    supervisee = db.session.get(User, payload["supervisee_id"])
    start, end = _dates(payload)
    # The requester's four-eyes check was made when asked; the approver's is made now.
    if problem := assignment_problem(supervisor, supervisee, start, end, by):
        raise ApprovalError(problem)
    row = db.session.get(SupervisionAssignment, record_id) if record_id else None
    created = row is None
    if created:
        row = SupervisionAssignment()
        db.session.add(row)
    row.supervisor, row.supervisee, row.start_date, row.end_date = (
        supervisor,
        supervisee,
        start,
        end,
    )
    db.session.flush()
    audit.log(
        "admin_create" if created else "admin_update",
        "supervision_assignment",
        row.id,
        detail=f"supervisor {supervisor.id} -> supervisee {supervisee.id}",
    )
    access.supervision_opened(row)
    return row.id


def _scope(payload: dict, record_id, by: User) -> int:
    manager = db.session.get(User, payload["manager_id"])
    team = db.session.get(Team, payload["team_id"]) if payload["team_id"] else None
    if problem := scope_problem(manager, team, payload["org_wide"]):
        raise ApprovalError(problem)
    row = db.session.get(ManagerScope, record_id) if record_id else None
    duplicate = select(ManagerScope.id).where(
        ManagerScope.manager_id == manager.id,
        ManagerScope.team_id.is_(None) if team is None else ManagerScope.team_id == team.id,
        ManagerScope.id != (row.id if row else -1),
    )
    if db.session.scalar(duplicate) is not None:
        raise ApprovalError("That manager already has that scope.")
    created = row is None
    if created:
        row = ManagerScope()
        db.session.add(row)
    row.manager, row.team, row.org_wide = manager, team, payload["org_wide"]
    db.session.flush()
    audit.log("admin_create" if created else "admin_update", "manager_scope", row.id)
    access.scope_opened(row)
    return row.id


def _setting(payload: dict, record_id, by: User) -> None:
    row = db.session.get(Setting, payload["key"]) or Setting(key=payload["key"])
    row.value = payload["value"]
    db.session.add(row)
    audit.log("admin_update", "setting", payload["key"])
    return None


APPLY = {
    "roles": _roles,
    "password": _password,
    "email": _email,
    "assignment": _assignment,
    "scope": _scope,
    "setting": _setting,
}
