"""What PeerTrain holds about one person, as plain JSON-ready data (sections of export.json)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from ..authz import may_view_own_or_supervised
from ..models import (
    LEVELS,
    AuditEvent,
    CompetencyRating,
    ExportRequest,
    ManagerScope,
    ModuleProgress,
    NoteDraft,
    QuizAttempt,
    QuizDraw,
    Reflection,
    SupervisionAssignment,
    User,
    UserSession,
)
from . import access_history, export_tables
from .export_supervision import action_items, supervision_records

SCHEMA = "peertrain-export/1"
PROFILE_OMIT = {"password_hash", "team_id"}


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def collect(db_session: Session, user: User, *, generated_at: datetime) -> dict:
    """Every section of the export, for the person alone (docs/export-schema.md)."""
    return {
        "schema": SCHEMA,
        "generated_at": iso(generated_at),
        "profile": profile(user),
        "logins": logins(db_session, user.id),
        "supervision_assignments": assignments(db_session, user.id),
        "manager_scopes": manager_scopes(db_session, user.id),
        "training": training(db_session, user.id),
        "reflections": reflections(db_session, user.id),
        "competency_ratings": ratings(db_session, user),
        "supervision_records": supervision_records(db_session, user),
        "action_items": action_items(db_session, user),
        "drafts": drafts(db_session, user.id),
        "audit_events": audit_events(db_session, user.id),
        "export_requests": export_requests(db_session, user.id),
    } | export_tables.sections(db_session, user.id)


def size(db_session: Session, user_id: int) -> int:
    """Roughly how many records an export holds: small ones are built while the person waits."""
    from sqlalchemy import func

    counts = [
        select(func.count()).select_from(AuditEvent).where(AuditEvent.actor_id == user_id),
        select(func.count()).where(access_history.reads_of_my_records(user_id)),
        select(func.count()).select_from(Reflection).where(Reflection.user_id == user_id),
        select(func.count())
        .select_from(CompetencyRating)
        .where(CompetencyRating.subject_id == user_id),
    ]
    return sum(db_session.scalar(c) or 0 for c in counts)


def profile(user: User) -> dict:
    """Every column of the person's row (so a column added later is exported too), with their
    team's name and roles. Not the password hash: a one-way secret, of no use to them."""
    row = {
        c.key: _plain(getattr(user, c.key))
        for c in User.__table__.columns
        if c.key not in PROFILE_OMIT
    }
    return row | {
        "roles": sorted(r.value for r in user.roles),
        "team": user.team.name if user.team else None,
    }


def _plain(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    return getattr(value, "value", value)  # enums as their stored strings


def logins(db_session: Session, user_id: int) -> list[dict]:
    # Not the session id: it is what the cookie carries, so a copy of it is a live credential.
    rows = db_session.scalars(
        select(UserSession).where(UserSession.user_id == user_id).order_by(UserSession.created_at)
    )
    return [
        {
            "started_at": iso(s.created_at),
            "last_seen_at": iso(s.last_seen_at),
            "ended_at": iso(s.revoked_at),
            "ip": s.ip,
        }
        for s in rows
    ]


def assignments(db_session: Session, user_id: int) -> list[dict]:
    stmt = select(SupervisionAssignment).where(
        or_(
            SupervisionAssignment.supervisor_id == user_id,
            SupervisionAssignment.supervisee_id == user_id,
        )
    )
    return [
        {
            "role": "supervisee" if a.supervisee_id == user_id else "supervisor",
            "supervisor": a.supervisor.name,
            "supervisee": a.supervisee.name,
            "start_date": iso(a.start_date),
            "end_date": iso(a.end_date),
        }
        for a in db_session.scalars(stmt.order_by(SupervisionAssignment.start_date))
    ]


def manager_scopes(db_session: Session, user_id: int) -> list[dict]:
    stmt = select(ManagerScope).where(ManagerScope.manager_id == user_id)
    return [
        {"org_wide": s.org_wide, "team": s.team.name if s.team else None}
        for s in db_session.scalars(stmt)
    ]


def training(db_session: Session, user_id: int) -> dict:
    progress = db_session.scalars(
        select(ModuleProgress).where(ModuleProgress.user_id == user_id).order_by(ModuleProgress.id)
    )
    attempts = db_session.scalars(
        select(QuizAttempt).where(QuizAttempt.user_id == user_id).order_by(QuizAttempt.id)
    )
    draws = db_session.scalars(select(QuizDraw).where(QuizDraw.user_id == user_id))
    return {
        "progress": [
            {
                "module": p.module.slug,
                "module_title": p.module.title,
                "module_version": p.module.version,
                "status": p.status.value,
                "sections_read": list(p.sections_read or []),
                "started_at": iso(p.started_at),
                "completed_at": iso(p.completed_at),
                "score": p.score,
            }
            for p in progress
        ],
        "quiz_attempts": [_attempt(a) for a in attempts],
        # An open check: which module and since when (its questions are course content).
        "open_checks": [{"module_id": d.module_id, "started_at": iso(d.started_at)} for d in draws],
    }


def _attempt(a: QuizAttempt) -> dict:
    # The person's answers with the questions as shown; not the keys or explanations, which
    # are course content (and a failed attempt's review never reveals them either).
    shown = (a.shown or {}).get("questions", [])
    return {
        "module_id": a.module_id,
        "started_at": iso(a.started_at),
        "submitted_at": iso(a.submitted_at),
        "score": a.score,
        "passed": a.passed,
        "answers": a.answers,
        "questions": [
            {"id": q["id"], "prompt": q["prompt"], "choices": q["choices"]} for q in shown
        ],
    }


def reflections(db_session: Session, user_id: int) -> list[dict]:
    stmt = select(Reflection).where(Reflection.user_id == user_id).order_by(Reflection.id)
    return [
        {
            "id": r.id,
            "module": r.module.slug,
            "module_title": r.module.title,
            "prompt": r.prompt,
            "text": r.text,
            "status": r.status.value,
            "created_at": iso(r.created_at),
            "updated_at": iso(r.updated_at),
            "submitted_at": iso(r.submitted_at),
        }
        for r in db_session.scalars(stmt)
    ]


def ratings(db_session: Session, user: User) -> list[dict]:
    """Ratings about the person (self, supervisor, observation), with notes and evidence: the
    person reads all of these on their profile (authz.may_view_own_or_supervised)."""
    if not may_view_own_or_supervised(user, user):
        return []
    stmt = (
        select(CompetencyRating)
        .where(CompetencyRating.subject_id == user.id)
        .options(selectinload(CompetencyRating.competency), selectinload(CompetencyRating.rater))
        .order_by(CompetencyRating.rated_at, CompetencyRating.id)
    )
    return [
        {
            "competency": r.competency.code,
            "statement": r.competency.statement,
            "source": r.source.value,
            "level": r.level,
            "level_label": LEVELS[r.level],
            "rater": "you" if r.rater_id == user.id else r.rater.name,
            "rated_at": iso(r.rated_at),
            "note": r.note,
            "evidence": {
                "module_id": r.evidence_module_id,
                "session_id": r.evidence_session_id,
                "observed_on": iso(r.observed_on),
                "observation_setting": r.observation_setting,
                "observation_text": r.observation_text,
                "attested": r.attested,
            },
        }
        for r in db_session.scalars(stmt)
    ]


def drafts(db_session: Session, user_id: int) -> list[dict]:
    stmt = select(NoteDraft).where(NoteDraft.user_id == user_id).order_by(NoteDraft.updated_at)
    return [
        {"form": d.key, "text": d.payload, "updated_at": iso(d.updated_at)}
        for d in db_session.scalars(stmt)
    ]


def audit_events(db_session: Session, user_id: int) -> dict:
    """What the person did, and what others did with the person's records (names and roles,
    not other people's addresses)."""
    mine = db_session.scalars(
        select(AuditEvent).where(AuditEvent.actor_id == user_id).order_by(AuditEvent.id)
    )
    others = access_history.events_about(db_session, user_id)
    return {
        "by_me": [_event(e) | {"ip": e.ip} for e in mine],
        "about_my_records": [_event(e) | {"by": _by(e)} for e in others],
    }


def _event(e: AuditEvent) -> dict:
    return {
        "at": iso(e.at),
        "action": e.action,
        "record_type": e.record_type,
        "record_id": e.record_id,
        "outcome": e.outcome,
        "detail": e.detail,
    }


def _by(e: AuditEvent) -> str:
    if e.actor_id is None:
        return "PeerTrain (no one signed in)"
    return e.actor.name + (f" ({roles})" if (roles := access_history.roles_of(e.actor)) else "")


def export_requests(db_session: Session, user_id: int) -> list[dict]:
    stmt = select(ExportRequest).where(ExportRequest.user_id == user_id).order_by(ExportRequest.id)
    return [
        {
            "status": r.status.value,
            "requested_at": iso(r.requested_at),
            "ready_at": iso(r.ready_at),
            "finished_at": iso(r.finished_at),
        }
        for r in db_session.scalars(stmt)
    ]
