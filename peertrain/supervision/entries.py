"""What the supervision services are given: plain values, never a WTForms form.

The views turn a validated form into one of these (form_entries.py); the demo seed and tests
build them directly. The services trust the checks the forms made (people in the session,
owners, dates) and own the writes, the audit events and the commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..models import CancelReason, FlagKind, SessionFormat, SessionSetting


@dataclass(frozen=True)
class Notes:
    """The three structured parts of a session's notes."""

    what_happened: str = ""
    what_it_meant: str = ""
    what_next: str = ""


@dataclass(frozen=True)
class ActionEntry:
    owner_id: int
    description: str
    due_on: date | None = None


@dataclass(frozen=True)
class FlagEntry:
    kind: FlagKind
    supervisee_id: int | None = None  # None: about the whole session
    manager_summary: str | None = None


@dataclass(frozen=True)
class SessionEntry:
    """A held session as recorded."""

    supervisee_ids: tuple[int, ...]
    held_on: date
    minutes: int
    format: SessionFormat
    setting: SessionSetting
    topics: tuple[str, ...] = ()
    notes: Notes = Notes()
    actions: tuple[ActionEntry, ...] = ()
    flags: tuple[FlagEntry, ...] = ()


@dataclass(frozen=True)
class CancellationEntry:
    """A session that did not happen, with its reason."""

    supervisee_ids: tuple[int, ...]
    held_on: date
    setting: SessionSetting
    reason: CancelReason
    note: str | None = None


@dataclass(frozen=True)
class SessionEdit:
    """An edit of a held session's details and notes; `version` is the one it started from."""

    version: str
    held_on: date
    minutes: int
    setting: SessionSetting
    topics: tuple[str, ...] = ()
    notes: Notes = Notes()
