"""Audit events concerning one person: as the actor, or as the subject or owner of the record."""

from __future__ import annotations

from sqlalchemy import ColumnElement, String, and_, cast, false, or_, select

from ..inputs import record_id
from ..models import (
    ActionItem,
    AuditEvent,
    CompetencyRating,
    ExportRequest,
    Flag,
    ModuleProgress,
    NoteDraft,
    Reflection,
    SessionParticipant,
    SupervisionSession,
    User,
)


def person_id(session, raw: str) -> int | None:
    """An admin types an email or a user number."""
    raw = (raw or "").strip().lower()
    if raw.isdigit():  # a number ("²" too) is a user number, valid or not; else an email
        return record_id(raw)
    return session.scalar(select(User.id).where(User.email == raw)) if raw else None


def _owned(record_type: str, key, *where) -> ColumnElement[bool]:
    ids = select(cast(key, String(64))).where(*where)
    return and_(AuditEvent.record_type == record_type, AuditEvent.record_id.in_(ids))


def as_actor(uid: int | None) -> ColumnElement[bool]:
    return false() if uid is None else AuditEvent.actor_id == uid


def as_subject(uid: int | None) -> ColumnElement[bool]:
    """Events on the person's account, or on a record that is theirs: sessions they ran or
    attended, their reflections, progress, drafts, flags and ratings about them, their
    action items and data exports."""
    if uid is None:
        return false()
    P, S = SessionParticipant, SupervisionSession
    return or_(
        and_(AuditEvent.record_type == "user", AuditEvent.record_id == str(uid)),
        _owned("supervision_session", P.session_id, P.supervisee_id == uid),
        _owned("supervision_session", S.id, S.supervisor_id == uid),
        _owned("reflection", Reflection.id, Reflection.user_id == uid),
        _owned("module_progress", ModuleProgress.id, ModuleProgress.user_id == uid),
        _owned("note_draft", NoteDraft.id, NoteDraft.user_id == uid),
        _owned("flag", Flag.id, Flag.supervisee_id == uid),
        _owned("action_item", ActionItem.id, ActionItem.owner_id == uid),
        _owned("competency_rating", CompetencyRating.id, CompetencyRating.subject_id == uid),
        _owned("export_request", ExportRequest.id, ExportRequest.user_id == uid),
    )


def either(uid: int | None) -> ColumnElement[bool]:
    return or_(as_actor(uid), as_subject(uid))
