"""Bulk import: stage an upload on the server, then create the valid people in one transaction."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from .. import audit
from ..authz import ACCESS_ROLES, approvals_required
from ..clock import today, utcnow
from ..controls import without_controls
from ..extensions import db
from ..models import StagedImport, SupervisionAssignment, User
from . import csvcheck, invitations

STAGED_HOURS = 24  # an upload nobody confirms is deleted the next time anyone stages one


class ImportRefused(Exception):
    """Raised with a message safe to show: why nothing was imported."""


@dataclass(frozen=True)
class Imported:
    people: int
    assignments: int
    waiting: int = 0  # role grants and assignments waiting for another admin (approvals)


def check(content: bytes, *, actor_email: str | None = None) -> csvcheck.Report:
    max_rows = current_app.config["IMPORT_MAX_ROWS"]
    return csvcheck.check(content, db.session, max_rows=max_rows, actor_email=actor_email)


def stage(content: bytes, filename: str, by_id: int) -> str:
    """Keep the file on the server; the returned random id is the only way back to it."""
    db.session.execute(
        delete(StagedImport).where(
            StagedImport.created_at < utcnow() - timedelta(hours=STAGED_HOURS)
        )
    )
    staged = StagedImport(
        id=secrets.token_urlsafe(24),
        created_by_id=by_id,
        filename=(without_controls(filename or "") or "upload.csv")[-255:],  # a NUL: DataError
        size=len(content),
        content=content,
    )
    db.session.add(staged)
    db.session.commit()
    return staged.id


def staged(staged_id: str, by_id: int, *, lock: bool = False) -> StagedImport | None:
    """Only the admin who uploaded it sees a staged file; to anyone else it does not exist."""
    row = db.session.get(StagedImport, staged_id, with_for_update=lock)
    return row if row is not None and row.created_by_id == by_id else None


def apply(report: csvcheck.Report, *, valid_only: bool, by_id: int | None) -> Imported:
    """Create the people, their supervision and invitations, all or nothing (one commit)."""
    if report.file_problems:
        raise ImportRefused("The file itself has problems; nothing can be imported from it.")
    if not valid_only and not report.all_valid:
        raise ImportRefused("Some rows have problems. Fix them, or import only the valid rows.")
    rows = report.valid_rows
    if not rows:
        raise ImportRefused("No row is valid; nothing to import.")
    # Separation of duties: a file is no way round the second admin. Roles that open other
    # people's records, and every assignment, wait for approval like the admin forms' do.
    waits = approvals_required()
    created: dict[str, User] = {}
    for row in rows:
        user = User(
            email=row.email,
            name=row.name,
            team_id=row.team_id,
            fte=row.fte,
            start_date=row.start_date,
            certification_stage=row.stage,
            is_peer=row.is_peer,
        )
        user.roles = [r for r in row.roles if r not in ACCESS_ROLES] if waits else row.roles
        db.session.add(user)
        created[row.email] = user
    db.session.flush()
    wanted = {r.supervisor_email for r in rows if r.supervisor_email} - set(created)
    existing = {
        u.email.lower(): u
        for u in db.session.scalars(select(User).where(func.lower(User.email).in_(wanted)))
    }
    assignments = waiting = 0
    for row in rows:
        user = created[row.email]
        audit.log("admin_create", "user", user.id, actor_id=by_id, detail="csv import")
        if waits and set(row.roles) & ACCESS_ROLES:
            _request_roles(user, set(row.roles) & ACCESS_ROLES, by_id)
            waiting += 1
        if row.supervisor_email and waits:
            supervisor = created.get(row.supervisor_email) or existing[row.supervisor_email]
            _request_assignment(supervisor, user, row.start_date or today(), by_id)
            waiting += 1
        elif row.supervisor_email:
            supervisor = created.get(row.supervisor_email) or existing[row.supervisor_email]
            link = SupervisionAssignment(
                supervisor_id=supervisor.id,
                supervisee_id=user.id,
                start_date=row.start_date or today(),
            )
            db.session.add(link)
            db.session.flush()
            audit.log(
                "admin_create",
                "supervision_assignment",
                link.id,
                actor_id=by_id,
                detail=f"supervisor {supervisor.id} -> supervisee {user.id}",
            )
            assignments += 1
        invitations.invite(user, by_id=by_id)
    audit.log(
        "user_import",
        "user",
        None,
        actor_id=by_id,
        detail=f"{len(rows)} people, {assignments} supervision assignments",
    )
    db.session.commit()
    return Imported(len(rows), assignments, waiting)


def _request_roles(user: User, roles, by_id: int | None) -> None:
    from ..approvals import services as approvals

    names = ", ".join(sorted(r.value for r in roles))
    approvals.request_change(
        "roles",
        record_type="user",
        record_id=user.id,
        grantee_id=user.id,
        summary=f"Give {user} the {names} role (CSV import)",
        payload={"user_id": user.id, "roles": sorted(r.value for r in roles)},
        by_id=by_id,
    )


def _request_assignment(supervisor: User, user: User, start, by_id: int | None) -> None:
    from ..approvals import services as approvals

    approvals.request_change(
        "assignment",
        record_type="supervision_assignment",
        record_id=None,
        grantee_id=supervisor.id,
        summary=f"Assign {supervisor} as supervisor of {user} (CSV import)",
        payload={
            "supervisor_id": supervisor.id,
            "supervisee_id": user.id,
            "start_date": start.isoformat(),
            "end_date": None,
        },
        by_id=by_id,
    )


def confirm(staged_id: str, by_id: int, *, valid_only: bool, actor_email: str) -> Imported:
    """Check the staged file again (accounts may have changed since the preview), import it,
    and forget it."""
    row = staged(staged_id, by_id, lock=True)  # a second confirm waits, then finds it gone
    if row is None:
        raise ImportRefused("That upload is no longer available; upload the file again.")
    report = check(row.content, actor_email=actor_email)
    # Forgotten in the import's own transaction, so a double-clicked confirm cannot import twice.
    db.session.delete(row)
    try:
        return apply(report, valid_only=valid_only, by_id=by_id)
    except ImportRefused:
        db.session.rollback()
        raise
