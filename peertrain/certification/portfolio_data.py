"""Read-only: what a portfolio shows, gathered once into a plain snapshot (stored with it, so a
reprint shows what was issued). Hours and dates only: no note, reflection or e-mail address."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..assessments import queries as competency_queries
from ..assessments.profile import build_profile, level_label
from ..extensions import db
from ..models import (
    Module,
    ModuleProgress,
    ProgressStatus,
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
from . import queries, status
from .queries import GROUP_FORMATS, _current
from .requirements import hours, progress

try:  # cert-hours' one definition of what a signature covers
    from .signing import verify as _verify_signature
except ImportError:  # until cert-hours is merged: shown as "not checked", never as valid
    _verify_signature = None


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _modules(worker_id: int) -> list[dict]:
    """Every completion, version by version: a board asks which text was read, and when."""
    rows = db.session.execute(
        select(Module.title, Module.version, Module.minutes, ModuleProgress.completed_at)
        .join(ModuleProgress, ModuleProgress.module_id == Module.id)
        .where(
            ModuleProgress.user_id == worker_id, ModuleProgress.status == ProgressStatus.COMPLETED
        )
        .order_by(ModuleProgress.completed_at, Module.title)
    ).all()
    return [
        {"title": t, "version": v, "hours": hours(m), "completed_on": _iso(c and c.date())}
        for t, v, m, c in rows
    ]


def _training(worker_id: int) -> list[dict]:
    rows = sorted(_current(TrainingRecord, worker_id), key=lambda r: (r.ended_on, r.id))
    return [
        {
            "title": r.title,
            "provider": r.provider,
            "kind": r.kind.value,
            "started_on": _iso(r.started_on),
            "ended_on": _iso(r.ended_on),
            "hours": hours(r.minutes),
            "verified": r.verified_at is not None,
            "signed": r.signoff_id is not None,
        }
        for r in rows
    ]


def _work(worker_id: int) -> list[dict]:
    rows = sorted(_current(WorkLog, worker_id), key=lambda w: w.week_starting)
    return [
        {
            "week_starting": _iso(w.week_starting),
            "hours": hours(w.minutes),
            "setting": w.setting.value,
            "confirmed": w.confirmed_at is not None,
            "signed": w.signoff_id is not None,
        }
        for w in rows
    ]


def _sessions(worker_id: int) -> list[dict]:
    signed = set(
        db.session.scalars(
            select(SignoffItem.row_id)
            .join(Signoff, Signoff.id == SignoffItem.signoff_id)
            .where(
                Signoff.worker_id == worker_id, SignoffItem.kind == SignoffKind.SUPERVISION_SESSION
            )
        )
    )
    rows = db.session.execute(
        select(
            SupervisionSession.id,
            SupervisionSession.held_on,
            SupervisionSession.minutes,
            SupervisionSession.format,
        )
        .join(SessionParticipant, SessionParticipant.session_id == SupervisionSession.id)
        .where(
            SessionParticipant.supervisee_id == worker_id,
            SupervisionSession.status == SessionStatus.HELD,
        )
        .order_by(SupervisionSession.held_on)
    ).all()
    return [
        {
            "held_on": _iso(d),
            "hours": hours(m),
            "format": f.value,
            "group": f in GROUP_FORMATS,
            "signed": i in signed,
        }
        for i, d, m, f in rows
    ]


def _signoffs(worker_id: int) -> list[dict]:
    rows = db.session.execute(
        select(Signoff, User.name)
        .join(User, User.id == Signoff.supervisor_id)
        .where(Signoff.worker_id == worker_id)
        .order_by(Signoff.signed_at)
    ).all()
    return [
        {
            "supervisor": name,
            "signed_at": s.signed_at.isoformat(timespec="minutes"),
            "period_start": _iso(s.period_start),
            "period_end": _iso(s.period_end),
            "statement": s.statement,
            "method": s.method.value,
            "rows": len(s.items),
            "verifies": _verify_signature(s) if _verify_signature else None,
        }
        for s, name in rows
    ]


def _competency(worker_id: int) -> list[dict]:
    """Levels by category, by the existing current-level rule (assessments/profile.py)."""
    profile = build_profile(
        competency_queries.categories(), competency_queries.ratings_of(worker_id), {}
    )
    return [
        {
            "category": row.category.title,
            "level": level_label(row.lowest),
            "competent": row.competent_count,
            "total": row.total,
        }
        for row in profile
    ]


def build_snapshot(worker: User, credential, code: str, on: date) -> dict:
    ev = queries.evidence_for(worker, credential.id)
    prog = progress(credential, ev, on)
    cert = status.current(status.certifications_of(worker.id))
    return {
        "worker": worker.name,
        "credential": {
            "id": credential.id,
            "name": credential.name,
            "awarding_body": credential.awarding_body,
        },
        "issued_on": on.isoformat(),
        "code": code,
        "certification": None
        if cert is None or cert.credential_slug != credential.id
        else {
            "number": cert.certificate_number,
            "certified_on": _iso(cert.certified_on),
            "expires_on": _iso(cert.expires_on),
        },
        "requirements": [
            {"title": r.title, "done": r.done, "target": r.target, "unit": r.unit, "met": r.met}
            for r in prog.requirements
        ],
        "modules": _modules(worker.id),
        "training": _training(worker.id),
        "work": _work(worker.id),
        "sessions": _sessions(worker.id),
        "signoffs": _signoffs(worker.id),
        "competency": _competency(worker.id),
    }
