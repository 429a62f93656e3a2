"""Validated supervision forms turned into the plain values the services take (entries.py)."""

from __future__ import annotations

from ..inputs import record_id
from ..models import CancelReason, FlagKind, SessionFormat, SessionSetting
from .entries import (
    ActionEntry,
    CancellationEntry,
    FlagEntry,
    Notes,
    SessionEdit,
    SessionEntry,
)


def _id(value: str | None) -> int | None:
    return record_id(value)


def _text(field) -> str:
    return (field.data or "").strip()


def notes(form) -> Notes:
    return Notes(_text(form.what_happened), _text(form.what_it_meant), _text(form.what_next))


def action(form) -> ActionEntry:
    """A row or the session page's action form (the form checked the owner)."""
    return ActionEntry(int(form.owner.data), _text(form.description), form.due_on.data)


def flag(form) -> FlagEntry:
    return FlagEntry(
        FlagKind(form.kind.data), _id(form.supervisee.data), _text(form.manager_summary) or None
    )


def session(form) -> SessionEntry:
    """A SessionForm: blank action rows and "no flag" rows are left out."""
    return SessionEntry(
        supervisee_ids=tuple(sorted(set(form.supervisees.data))),
        held_on=form.held_on.data,
        minutes=form.minutes.data,
        format=SessionFormat(form.format.data),
        setting=SessionSetting(form.setting.data),
        topics=tuple(form.topics.data or ()),
        notes=notes(form),
        actions=tuple(action(r.form) for r in form.actions if _text(r.form.description)),
        flags=tuple(flag(r.form) for r in form.flags if r.form.kind.data),
    )


def cancellation(form) -> CancellationEntry:
    return CancellationEntry(
        supervisee_ids=tuple(sorted(set(form.supervisees.data))),
        held_on=form.held_on.data,
        setting=SessionSetting(form.setting.data),
        reason=CancelReason(form.reason.data),
        note=_text(form.cancel_note) or None,
    )


def edit(form) -> SessionEdit:
    return SessionEdit(
        version=str(form.version.data),
        held_on=form.held_on.data,
        minutes=form.minutes.data,
        setting=SessionSetting(form.setting.data),
        topics=tuple(form.topics.data or ()),
        notes=notes(form),
    )
