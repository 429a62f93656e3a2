"""The one place that answers "may this user see or do this to that record"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps

from flask import abort
from flask_login import current_user
from sqlalchemy import exists, or_, select

from .clock import today
from .extensions import db, login_manager
from .models import ManagerScope, Role, SupervisionAssignment, User


def role_required(*roles: Role) -> Callable:
    """Anonymous users are sent to log in; signed-in users without any of the roles get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not any(current_user.has_role(r) for r in roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def current_assignment_clause(on: date | None = None):
    """SQL condition: the assignment is in force on the given day (today by default)."""
    on = on or today()
    return (SupervisionAssignment.start_date <= on) & or_(
        SupervisionAssignment.end_date.is_(None), SupervisionAssignment.end_date >= on
    )


def is_supervisor_of(supervisor: User, supervisee_id: int, on: date | None = None) -> bool:
    if not supervisor.has_role(Role.SUPERVISOR):
        return False
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    SupervisionAssignment.supervisor_id == supervisor.id,
                    SupervisionAssignment.supervisee_id == supervisee_id,
                    current_assignment_clause(on),
                )
            )
        )
    )


def supervisee_ids_stmt(supervisor_id: int, on: date | None = None):
    return select(SupervisionAssignment.supervisee_id).where(
        SupervisionAssignment.supervisor_id == supervisor_id, current_assignment_clause(on)
    )


def managed_team_ids(manager: User) -> set[int] | None:
    """The teams a manager sees: None means every team (org-wide); an empty set means none."""
    if not manager.has_role(Role.MANAGER):
        return set()
    rows = db.session.execute(
        select(ManagerScope.team_id, ManagerScope.org_wide).where(
            ManagerScope.manager_id == manager.id
        )
    ).all()
    if any(org_wide for _, org_wide in rows):
        return None
    return {team_id for team_id, _ in rows if team_id is not None}


def manages_team(manager: User, team_id: int | None) -> bool:
    teams = managed_team_ids(manager)
    return teams is None or (team_id is not None and team_id in teams)


def may_view_own_or_supervised(viewer: User, subject: User) -> bool:
    """Personal records (progress, reflections, ratings with notes): the person and their
    current supervisor(s). Managers and admins are deliberately not here."""
    return viewer.id == subject.id or is_supervisor_of(viewer, subject.id)


def may_view_worker_levels(viewer: User, subject: User) -> bool:
    """Figures without any note text: also the managers of the worker's team."""
    return may_view_own_or_supervised(viewer, subject) or manages_team(viewer, subject.team_id)


def is_admin(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN)


def may_rate(rater: User, subject: User) -> bool:
    """Supervisor and observation ratings: only a current supervisor, never of themselves."""
    return rater.id != subject.id and is_supervisor_of(rater, subject.id)


def is_session_participant(user: User, session) -> bool:
    return any(p.supervisee_id == user.id for p in session.participants)


def may_view_session(viewer: User, session) -> bool:
    """Session notes: the supervisor who wrote them and the supervisees in the session only.
    Managers and admins are refused however senior: they get counts and flag summaries."""
    return viewer.id == session.supervisor_id or is_session_participant(viewer, session)


def may_edit_session(viewer: User, session) -> bool:
    """Writing to a session (notes, flags, actions, addenda, drafts): its author, and only while
    still a current supervisor of every person in it (is_supervisor_of for each, in one query).
    A former supervisor keeps reading the record they wrote (may_view_session) but adds nothing."""
    if viewer.id != session.supervisor_id or not viewer.has_role(Role.SUPERVISOR):
        return False
    people = frozenset(p.supervisee_id for p in session.participants)
    if not people:
        return False
    current = set(
        db.session.scalars(
            supervisee_ids_stmt(viewer.id).where(SupervisionAssignment.supervisee_id.in_(people))
        )
    )
    return people <= current


def may_view_team_reports(viewer: User, team_id: int | None) -> bool:
    return viewer.has_role(Role.MANAGER) and manages_team(viewer, team_id)


def may_complete_action(viewer: User, action) -> bool:
    """Ticking off an action item: its owner, or the session's author while still supervising
    everyone in it (a former supervisor's record is read-only to them)."""
    return viewer.id == action.owner_id or may_edit_session(viewer, action.session)


def completable_action_ids(viewer: User, session) -> set[int]:
    """may_complete_action for every action on a session page, asking the database once."""
    author_may_write = may_edit_session(viewer, session)
    return {a.id for a in session.actions if author_may_write or a.owner_id == viewer.id}


def is_session_author(viewer: User, session) -> bool:
    """The supervisor who wrote the record: they keep reading all of it after the supervision
    ends. Writing to it needs may_edit_session."""
    return viewer.id == session.supervisor_id


def may_read_session_reflections(viewer: User, session) -> bool:
    """Reflections written on a session are part of its record: the supervisor who wrote it reads
    them (former supervisor or not), nobody else does. Each person reads their own as a
    participant."""
    return is_session_author(viewer, session)


def may_see_flag(viewer: User, session, flag) -> bool:
    """On the session page: its author sees every flag; a supervisee sees those about them or
    about the whole session, never one about another person in a group session."""
    if is_session_author(viewer, session):
        return True
    return is_session_participant(viewer, session) and flag.supervisee_id in (None, viewer.id)


def may_keep_note_draft(user: User, kind: str, session=None) -> bool:
    """A draft is kept only for a form the person may submit: a new or cancelled session (any
    supervisor), their own reflection on a session, or a write to a session they may edit."""
    if session is None:
        return kind in ("new", "cancel") and user.has_role(Role.SUPERVISOR)
    if kind == "reflection":
        return is_session_participant(user, session)
    return kind in ("edit", "addendum") and may_edit_session(user, session)


def may_download_export(viewer: User, export_request) -> bool:
    """A "My data" archive is its requester's alone: no admin or supervisor downloads it."""
    return viewer.is_authenticated and export_request.user_id == viewer.id


def may_open_notification(viewer: User, notification) -> bool:
    """A notification is its recipient's alone, whatever their roles or the viewer's."""
    return viewer.id == notification.user_id


def may_assess_unit(user: User, team_id: int | None) -> bool:
    """Completing an organisational self-assessment (issue 16): admins for any unit; managers
    for a team they manage, and for the whole organisation only with an org-wide scope."""
    if user.has_role(Role.ADMIN):
        return True
    return user.has_role(Role.MANAGER) and manages_team(user, team_id)


def may_work_on_assessment(user: User, assessment) -> bool:
    """Those who may assess its unit, and the lead named on it (who may hold any role)."""
    return assessment.lead_id == user.id or may_assess_unit(user, assessment.team_id)


def may_own_plan_action(user: User) -> bool:
    """Actions in a self-assessment plan are owned by a manager or an admin."""
    return user.active and (user.has_role(Role.MANAGER) or user.has_role(Role.ADMIN))


def may_read_drift_log(viewer: User, worker: User) -> bool:
    """A role-drift log, note and all: the worker, and their current supervisor only (a former
    supervisor no longer reads it). Managers get counts, never entries."""
    return viewer.id == worker.id or is_supervisor_of(viewer, worker.id)


def may_rate_session_values(viewer: User, session) -> bool:
    """A peer-values rating of a held session: its supervisor and each supervisee in it."""
    held = session.status.value == "held"
    return held and (is_session_author(viewer, session) or is_session_participant(viewer, session))


def may_view_certification(viewer: User, worker: User) -> bool:
    """A worker's progress towards a credential (their hours and ratings by category): the
    worker and their current supervisor(s), as for other personal records."""
    return may_view_own_or_supervised(viewer, worker)


def may_choose_credential(viewer: User, worker: User) -> bool:
    """Which credential a worker pursues: the worker themselves, or an admin for them."""
    return viewer.active and (viewer.id == worker.id or is_admin(viewer))


# --- certification hours and sign-off (issue 15) ----------------------------------------


def supervised_during(viewer: User, worker_id: int, start: date, end: date) -> bool:
    """One assignment of the viewer to the worker covers the whole of [start, end] (an open
    assignment runs to today, never into the future)."""
    if not viewer.has_role(Role.SUPERVISOR):
        return False
    covering = exists().where(
        SupervisionAssignment.supervisor_id == viewer.id,
        SupervisionAssignment.supervisee_id == worker_id,
        SupervisionAssignment.start_date <= start,
        or_(SupervisionAssignment.end_date.is_(None), SupervisionAssignment.end_date >= end),
    )
    return bool(db.session.scalar(select(covering)))


def was_supervisor_of(viewer: User, worker_id: int) -> bool:
    """Any assignment, current or ended: a former supervisor still signs for their period."""
    if not viewer.has_role(Role.SUPERVISOR):
        return False
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    SupervisionAssignment.supervisor_id == viewer.id,
                    SupervisionAssignment.supervisee_id == worker_id,
                    SupervisionAssignment.start_date <= today(),
                )
            )
        )
    )


def may_view_work_log(viewer: User, worker: User) -> bool:
    """A worker's weekly work log: the worker and their current supervisor(s), as for their
    readiness. Managers and admins are not here (hours and notes are personal records)."""
    return may_view_certification(viewer, worker)


def may_view_training(viewer: User, worker: User) -> bool:
    """A worker's other training: as the work log, plus admins, who enter records for people
    (they see titles, dates and hours, never a supervisor's return note)."""
    return may_view_certification(viewer, worker) or (viewer.active and is_admin(viewer))


def may_enter_training(viewer: User, worker: User) -> bool:
    """Other training is entered by the worker, or by an admin for any worker."""
    return viewer.active and (viewer.id == worker.id or is_admin(viewer))


def may_enter_work_log(viewer: User, worker: User) -> bool:
    """The weekly work log is the worker's own account of their work: only they write it."""
    return viewer.active and viewer.id == worker.id


def may_confirm_hours(viewer: User, worker: User) -> bool:
    """Confirming a week, verifying training or sending either back: a current supervisor,
    never of themselves."""
    return viewer.id != worker.id and is_supervisor_of(viewer, worker.id)


def may_open_signoffs(viewer: User, worker: User) -> bool:
    """The sign-off page: the worker (to see their signatures), a current supervisor, and a
    former supervisor (who may sign the period they supervised, and sees what they signed)."""
    return viewer.id == worker.id or was_supervisor_of(viewer, worker.id)


def may_sign_hours(viewer: User, worker: User, start: date, end: date) -> bool:
    """Signing a period's hours: the worker's current supervisor (any past period), or a former
    supervisor for a period inside one of their assignments. Nobody signs their own hours or a
    period that has not ended."""
    if viewer.id == worker.id or not viewer.active or end > today() or start > end:
        return False
    return is_supervisor_of(viewer, worker.id) or supervised_during(viewer, worker.id, start, end)


def may_download_certificate(viewer: User, record) -> bool:
    """A training certificate: the worker, their current supervisor (who verifies it), and a
    former supervisor whose assignment overlapped the training's dates. Admins enter records
    for people but do not read the files back, and managers never do: a certificate shows a
    person's name and courses, which is the worker's record, not a management figure."""
    if viewer.id == record.worker_id:
        return True
    if not viewer.has_role(Role.SUPERVISOR):
        return False
    if is_supervisor_of(viewer, record.worker_id):
        return True
    overlapping = exists().where(
        SupervisionAssignment.supervisor_id == viewer.id,
        SupervisionAssignment.supervisee_id == record.worker_id,
        SupervisionAssignment.start_date <= record.ended_on,
        or_(
            SupervisionAssignment.end_date.is_(None),
            SupervisionAssignment.end_date >= record.started_on,
        ),
    )
    return bool(db.session.scalar(select(overlapping)))
