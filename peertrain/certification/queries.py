"""Read-only: a worker's certification evidence, gathered for requirements.py to count."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..assessments.readiness import modules_and_categories
from ..extensions import db
from ..models import (
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
from .credentials import standing
from .requirements import CourseHours, Evidence, ModuleDone, SessionHours, WeekHours

# Co-reflection sessions bring several peers together, so they count as group supervision.
GROUP_FORMATS = (SessionFormat.GROUP, SessionFormat.CO_REFLECTION)


def user_by_id(user_id: int) -> User | None:
    """The person with their roles in one statement (every certification page asks for both)."""
    return db.session.get(User, user_id, options=[joinedload(User.role_rows)])


def _latest_completed(worker_id: int) -> dict[str, Module]:
    """Slug -> the latest version of each module the worker completed."""
    rows = db.session.execute(
        select(Module)
        .join(ModuleProgress, ModuleProgress.module_id == Module.id)
        .where(
            ModuleProgress.user_id == worker_id, ModuleProgress.status == ProgressStatus.COMPLETED
        )
        .order_by(Module.slug, Module.version)
    ).scalars()
    return {m.slug: m for m in rows}


def _done(latest: dict[str, Module]) -> list[ModuleDone]:
    """Each module completed once, in the latest version completed (a re-take of a new
    version is the same training, not more of it)."""
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


def evidence_for(worker: User, credential_slug: str) -> Evidence:
    """Everything requirements.progress counts; required modules and competency categories by
    the one existing rule (assessments/readiness.py), on the completed modules read here."""
    latest = _latest_completed(worker.id)
    readiness = modules_and_categories(worker, set(latest))
    return Evidence(
        modules=_done(latest),
        courses=courses(worker.id),
        weeks=weeks(worker.id),
        sessions=sessions(worker.id),
        exam_passed_on=standing(worker.id).exams.get(credential_slug),
        categories=[(c.title, c.met) for c in readiness.categories],
        modules_missing=readiness.modules_missing,
    )
