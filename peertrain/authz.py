"""The one place that answers "may this user see or do this to that record"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import NoReturn

from flask import abort
from flask_login import current_user
from sqlalchemy import event, exists, func, or_, select

from . import audit
from .clock import today
from .extensions import db, login_manager
from .memo import forget, per_request
from .models import (
    AuditEvent,
    ManagerScope,
    Role,
    SupervisionAssignment,
    User,
    UserRole,
    UserSession,
)
from .targets import get_target


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
    """SQL condition: the assignment is in force on the given day (today by default; or a bind
    parameter, for a statement built once)."""
    on = today() if on is None else on
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


def supervisee_ids_stmt(supervisor_id, on: date | None = None):
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


def scope_covers(teams: set[int] | frozenset[int] | None, team_id: int | None) -> bool:
    """Whether a manager scope (managed_team_ids: None = every team) covers a team; for a
    page that has read the scope once and asks about many teams."""
    return teams is None or (team_id is not None and team_id in teams)


def manages_team(manager: User, team_id: int | None) -> bool:
    return scope_covers(managed_team_ids(manager), team_id)


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


def may_view_certification(viewer: User, worker: User) -> bool:
    """A worker's progress towards a credential (their hours and ratings by category): the
    worker and their current supervisor(s), as for other personal records."""
    return may_view_own_or_supervised(viewer, worker)


def may_choose_credential(viewer: User, worker: User) -> bool:
    """Which credential a worker pursues: the worker themselves, or an admin for them."""
    return viewer.active and (viewer.id == worker.id or is_admin(viewer))


def may_work_on_finding(viewer: User, team_id: int | None) -> bool:
    """A gap finding's status, owner and notes: managers whose scope covers the team it is
    about. Admins are deliberately not here: they never read managers' notes."""
    return viewer.has_role(Role.MANAGER) and manages_team(viewer, team_id)


def may_own_finding(user: User, team_id: int | None) -> bool:
    """A finding is assigned only to an active manager who may work on it."""
    return user.active and may_work_on_finding(user, team_id)


# --- refusals, self-assessment and training records (issue 13, "one rule, one place") ---


def refuse(
    action: str,
    record_type: str,
    record_id: object,
    *,
    detail: str | None = None,
    actor_id: int | None = None,
    status: int = 403,
) -> NoReturn:
    """Every refused read or write of a record goes the same way, whatever the page: a denied
    audit event in its own commit (the response then changes nothing else), then the status
    (403; 404 where a record must look as if it did not exist)."""
    audit.log_now(
        action, record_type, record_id, outcome="denied", detail=detail, actor_id=actor_id
    )
    abort(status)


def require(allowed: bool, action: str, record_type: str, record_id: object, **kw) -> None:
    """refuse() unless the answer (one of the may_… functions here) is yes."""
    if not allowed:
        refuse(action, record_type, record_id, **kw)


def may_self_assess(viewer: User, subject: User) -> bool:
    """A competency self-assessment: a peer worker, of themselves only (a supervisor rates
    others through may_rate; managers and admins do neither)."""
    return viewer.id == subject.id and subject.has_role(Role.TRAINEE)


def may_view_training_record(viewer: User, trainee: User | None) -> bool:
    """Another person's training record (progress, knowledge-check attempts, submitted
    reflections), on the supervisor's pages: a current supervisor only, not a past one, not a
    manager or admin, not a colleague. Each person reads their own on their own pages."""
    return trainee is not None and is_supervisor_of(viewer, trainee.id)


def owns_training_record(viewer: User, record) -> bool:
    """A knowledge-check attempt, progress row or reflection belongs to its learner alone."""
    return record is not None and record.user_id == viewer.id


def may_update_plan_action(user: User, action) -> bool:
    """A self-assessment plan action's status: its owner, or anyone who may work on the
    assessment it belongs to."""
    return action.owner_id == user.id or may_work_on_assessment(user, action.assessment)


# Separation of duties (issue 17). A supervisor reads their supervisees' reflections and rating
# notes, a manager their teams' figures and summaries, and an admin can grant either: granting
# one of these roles opens other people's records.
ACCESS_ROLES = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.ADMIN})


def access_roles_granted(old, new) -> frozenset[Role]:
    """The roles in `new` and not in `old` that open other people's records."""
    return (frozenset(Role(r) for r in new) - frozenset(Role(r) for r in old)) & ACCESS_ROLES


def active_admin_count() -> int:
    stmt = (
        select(func.count(User.id))
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.ADMIN, User.active.is_(True))
    )
    return int(db.session.scalar(stmt) or 0)


def approvals_required() -> bool:
    """Does a change that opens someone's records need a second admin? Yes once the
    organisation has `approval_admins_min` (2) active admins: with one there is nobody to ask,
    so the change applies and the people affected are told (peertrain/approvals/access.py)."""
    return active_admin_count() >= get_target("approval_admins_min")


def assignment_change_opens_access(old: dict, new: dict) -> bool:
    """An edit of an assignment that lets someone read records they could not before: another
    person on either side, an earlier start, or a later (or removed) end. Ending it early or
    starting it later only narrows access and applies at once."""
    if (old["supervisor_id"], old["supervisee_id"]) != (new["supervisor_id"], new["supervisee_id"]):
        return True
    if new["start_date"] < old["start_date"]:
        return True
    return old["end_date"] is not None and (
        new["end_date"] is None or new["end_date"] > old["end_date"]
    )


def scope_change_opens_access(old: dict, new: dict) -> bool:
    """Another manager, the whole organisation where it was one team, or another team."""
    if new["manager_id"] != old["manager_id"]:
        return True
    if new["org_wide"]:
        return not old["org_wide"]
    return not old["org_wide"] and new["team_id"] != old["team_id"]


def may_be_assigned_by(admin: User, supervisor_id: int) -> bool:
    """Four eyes: an admin never assigns themselves as anyone's supervisor."""
    return supervisor_id != admin.id


def has_signed_in(user: User) -> bool:
    """A login row, or anything the person did themselves in the audit log (which outlives
    pruned logins): sign-ins, an accepted invitation, a reset, a password change."""
    if user.id is None:
        return False
    login = exists().where(UserSession.user_id == user.id)
    acted = exists().where(AuditEvent.actor_id == user.id, AuditEvent.outcome == "success")
    return bool(db.session.scalar(select(login | acted)))


def may_set_password(admin: User, user: User) -> bool:
    """Only on an account nobody has used yet. Once a person has signed in, their password is
    theirs alone: an admin sends a reset link, which goes to the person, never to the admin."""
    return is_admin(admin) and admin.id != user.id and not has_signed_in(user)


def email_change_opens_account(user: User) -> bool:
    """A used account's reset links go to its address: changing it could hand the account, and
    the records it reads, to whoever reads the new address. So it is treated as a grant."""
    return has_signed_in(user)


def may_decide_change(approver: User, change) -> bool:
    """A pending change is decided by another admin: never the one who asked for it, nor the
    person who would gain the access (an admin cannot approve their own new role)."""
    return (
        is_admin(approver)
        and change.decision is None
        and approver.id not in (change.requested_by_id, change.grantee_id)
    )


def may_record_certification(viewer: User) -> bool:
    """Certifications and exam results come from the awarding body's letter: an admin records
    them (and revokes them). The record holds dates and a number, never hours or notes."""
    return viewer.active and is_admin(viewer)


def may_view_renewal(viewer: User, worker: User) -> bool:
    """Renewal (continuing-education hours against the requirement): as readiness, the worker
    and their current supervisor(s)."""
    return may_view_certification(viewer, worker)


def may_create_portfolio(viewer: User, worker: User) -> bool:
    """A portfolio is issued by the worker for their own application: nobody issues one for them."""
    return viewer.active and viewer.id == worker.id


def may_view_portfolio(viewer: User, portfolio) -> bool:
    """Its content (hours, signatures, levels): the worker and their current supervisor(s)."""
    return viewer.id == portfolio.worker_id or is_supervisor_of(viewer, portfolio.worker_id)


def may_revoke_portfolio(viewer: User, portfolio) -> bool:
    """Withdrawing a verification code: the worker, or an admin (who never reads the content)."""
    return viewer.active and (viewer.id == portfolio.worker_id or is_admin(viewer))


# --- certification hours and sign-off (issue 15) ----------------------------------------


def assignments_between(supervisor_id: int, worker_id: int) -> tuple[SupervisionAssignment, ...]:
    """Every assignment of this supervisor to this worker, current and ended, oldest first: read
    once a request, so the sign-off page's checks and its own list of periods share one read
    (forgotten with the supervisees whenever an assignment is written)."""
    return per_request(
        ("supervisees", "between", supervisor_id, worker_id),
        lambda: tuple(
            db.session.scalars(
                select(SupervisionAssignment)
                .where(
                    SupervisionAssignment.supervisor_id == supervisor_id,
                    SupervisionAssignment.supervisee_id == worker_id,
                )
                .order_by(SupervisionAssignment.start_date, SupervisionAssignment.id)
            )
        ),
    )


def supervised_during(viewer: User, worker_id: int, start: date, end: date) -> bool:
    """One assignment of the viewer to the worker covers the whole of [start, end] (an open
    assignment runs to today, never into the future)."""
    if not viewer.has_role(Role.SUPERVISOR):
        return False
    return any(
        a.start_date <= start and (a.end_date is None or a.end_date >= end)
        for a in assignments_between(viewer.id, worker_id)
    )


def was_supervisor_of(viewer: User, worker_id: int) -> bool:
    """Any assignment, current or ended: a former supervisor still signs for their period."""
    if not viewer.has_role(Role.SUPERVISOR):
        return False
    return any(a.start_date <= today() for a in assignments_between(viewer.id, worker_id))


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
    if not viewer.has_role(Role.SUPERVISOR):
        return False
    # is_supervisor_of's rule (SupervisionAssignment.is_current), on the rows already read.
    rows = assignments_between(viewer.id, worker.id)
    return any(a.is_current(today()) for a in rows) or supervised_during(
        viewer, worker.id, start, end
    )


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
