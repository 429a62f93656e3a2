"""The one place that answers "may this user see or do this to that record"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps

from flask import abort
from flask_login import current_user
from sqlalchemy import event, or_, select

from .clock import today
from .extensions import db, login_manager
from .memo import forget, per_request
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


@event.listens_for(SupervisionAssignment, "after_insert")
@event.listens_for(SupervisionAssignment, "after_update")
@event.listens_for(SupervisionAssignment, "after_delete")
@event.listens_for(ManagerScope, "after_insert")
@event.listens_for(ManagerScope, "after_update")
@event.listens_for(ManagerScope, "after_delete")
def _forget(*_args) -> None:
    forget("supervisees")
    forget("scope")


def current_supervisee_ids(supervisor_id: int, on: date | None = None) -> frozenset[int]:
    """Everyone this person supervises on the day (today by default): a handful of ids."""
    on = on or today()
    # A session page asks whether its author still supervises everyone in it three times:
    # read once per request, and forgotten whenever an assignment is written (above).
    return per_request(
        ("supervisees", supervisor_id, on),
        lambda: frozenset(db.session.scalars(supervisee_ids_stmt(supervisor_id, on))),
    )


def is_supervisor_of(supervisor: User, supervisee_id: int, on: date | None = None) -> bool:
    if not supervisor.has_role(Role.SUPERVISOR):
        return False
    return supervisee_id in current_supervisee_ids(supervisor.id, on)


def supervisee_ids_stmt(supervisor_id: int, on: date | None = None):
    return select(SupervisionAssignment.supervisee_id).where(
        SupervisionAssignment.supervisor_id == supervisor_id, current_assignment_clause(on)
    )


def managed_team_ids(manager: User) -> set[int] | None:
    """The teams a manager sees: None means every team (org-wide); an empty set means none."""
    if not manager.has_role(Role.MANAGER):
        return set()
    rows = per_request(
        ("scope", manager.id),
        lambda: db.session.execute(
            select(ManagerScope.team_id, ManagerScope.org_wide).where(
                ManagerScope.manager_id == manager.id
            )
        ).all(),
    )
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
    return bool(people) and people <= current_supervisee_ids(viewer.id)


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
