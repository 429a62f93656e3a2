"""Read-only: a worker's certification evidence, gathered for requirements.py to count."""

from __future__ import annotations

from sqlalchemy import select

from ..assessments.readiness import readiness_for
from ..extensions import db
from ..models import (
    CredentialExam,
    Module,
    ModuleProgress,
    ProgressStatus,
    SessionFormat,
    SessionParticipant,
    SessionStatus,
    Signoff,
    SignoffItem,
    SignoffKind,
    SupervisionSession,
    TrainingRecord,
    User,
    WorkLog,
)
from .requirements import CourseHours, Evidence, ModuleDone, SessionHours, WeekHours

# Co-reflection sessions bring several peers together, so they count as group supervision.
GROUP_FORMATS = (SessionFormat.GROUP, SessionFormat.CO_REFLECTION)


def user_by_id(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def completed_modules(worker_id: int) -> list[ModuleDone]:
    """Each module completed once, in the latest version completed (a re-take of a new
    version is the same training, not more of it)."""
    rows = db.session.execute(
        select(Module)
        .join(ModuleProgress, ModuleProgress.module_id == Module.id)
        .where(
            ModuleProgress.user_id == worker_id, ModuleProgress.status == ProgressStatus.COMPLETED
        )
        .order_by(Module.slug, Module.version)
    ).scalars()
    latest = {m.slug: m for m in rows}
    return [
        ModuleDone(m.title, m.minutes, tuple(m.competency_codes or ())) for m in latest.values()
    ]


def _current(model, worker_id: int) -> list:
    """The worker's rows that no later row corrects (a correction replaces, both are kept)."""
    corrected = select(model.corrects_id).where(model.corrects_id.is_not(None))
    return list(
        db.session.scalars(
            select(model).where(model.worker_id == worker_id, model.id.not_in(corrected))
        )
    )


def courses(worker_id: int) -> list[CourseHours]:
    return [
        CourseHours(r.minutes, tuple(r.domains or ()), r.verified_at is not None, r.ended_on,
                    tuple(r.topics or ()))
        for r in _current(TrainingRecord, worker_id)
    ]  # fmt: skip


def weeks(worker_id: int) -> list[WeekHours]:
    return [
        WeekHours(w.week_starting, w.minutes, w.confirmed_at is not None, w.signoff_id is not None)
        for w in _current(WorkLog, worker_id)
    ]


def sessions(worker_id: int) -> list[SessionHours]:
    """Held sessions the worker took part in; signed when one of the worker's sign-offs lists it
    (asked in the same statement)."""
    signed = (
        select(SignoffItem.id)
        .join(Signoff, Signoff.id == SignoffItem.signoff_id)
        .where(
            Signoff.worker_id == worker_id,
            SignoffItem.kind == SignoffKind.SUPERVISION_SESSION,
            SignoffItem.row_id == SupervisionSession.id,
        )
        .exists()
    )
    rows = db.session.execute(
        select(SupervisionSession.minutes, SupervisionSession.format, signed)
        .join(SessionParticipant, SessionParticipant.session_id == SupervisionSession.id)
        .where(
            SessionParticipant.supervisee_id == worker_id,
            SupervisionSession.status == SessionStatus.HELD,
        )
    ).all()
    return [SessionHours(m, f in GROUP_FORMATS, bool(is_signed)) for m, f, is_signed in rows]


def exam_passed_on(worker_id: int, credential_slug: str):
    return db.session.scalar(
        select(CredentialExam.passed_on)
        .where(
            CredentialExam.worker_id == worker_id, CredentialExam.credential_slug == credential_slug
        )
        .order_by(CredentialExam.passed_on.desc())
        .limit(1)
    )


def evidence_for(worker: User, credential_slug: str) -> Evidence:
    """Everything requirements.progress counts; competency categories by the one existing rule
    (assessments/readiness.py)."""
    readiness = readiness_for(worker)
    return Evidence(
        modules=completed_modules(worker.id),
        courses=courses(worker.id),
        weeks=weeks(worker.id),
        sessions=sessions(worker.id),
        exam_passed_on=exam_passed_on(worker.id, credential_slug),
        categories=[(c.title, c.met) for c in readiness.categories],
        modules_missing=readiness.modules_missing,
    )
