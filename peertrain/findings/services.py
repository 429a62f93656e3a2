"""Writes for finding work. Each takes plain values, appends a history row, audits without
any note text, and commits. A state row is made the first time anyone works on a finding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..clock import utcnow
from ..extensions import db
from ..models import FindingAction, FindingNote, FindingState, FindingStatus, User

NOTE_MAX = 500


@dataclass(frozen=True)
class Subject:
    """The finding being worked on, as computed now (or as last stored, once it is gone)."""

    key: str
    team_id: int | None
    title: str
    as_of: datetime | None = None  # when the figures it was found in were computed


def _state(subject: Subject) -> FindingState:
    state = db.session.scalar(select(FindingState).where(FindingState.key == subject.key))
    if state is None:
        state = FindingState(key=subject.key, team_id=subject.team_id, title=subject.title[:200])
        db.session.add(state)
        try:
            db.session.flush()
        except IntegrityError:  # two managers acting on a new finding at the same moment
            db.session.rollback()
            state = db.session.scalar(select(FindingState).where(FindingState.key == subject.key))
    return state


def _record(actor: User, state: FindingState, action: FindingAction, **fields) -> None:
    state.updated_by_id, state.updated_at = actor.id, utcnow()
    db.session.add(FindingNote(state_id=state.id, author_id=actor.id, action=action, **fields))
    detail = f"{action.value};status={state.status.value}"
    if fields.get("assignee_id"):
        detail += f";assignee={fields['assignee_id']}"
    audit.log("finding_change", "finding", state.key, detail=detail)  # never the note text
    db.session.commit()


def acknowledge(actor: User, subject: Subject) -> None:
    state = _state(subject)
    state.status = FindingStatus.ACKNOWLEDGED
    _record(actor, state, FindingAction.ACKNOWLEDGED)


def assign(actor: User, subject: Subject, owner: User) -> None:
    """The caller has checked that the owner may work on the finding (authz.may_own_finding)."""
    state = _state(subject)
    state.assigned_to_id = owner.id
    _record(actor, state, FindingAction.ASSIGNED, assignee_id=owner.id)


def add_note(actor: User, subject: Subject, text: str) -> None:
    text = text.strip()
    if not text or len(text) > NOTE_MAX:
        raise ValueError("a note is 1 to 500 characters")  # the form says so first
    _record(actor, _state(subject), FindingAction.NOTE, text=text)


def mark_handled(actor: User, subject: Subject) -> None:
    """Records when, so that the reopen rule (read.shown_status) can tell a recurrence."""
    state = _state(subject)
    state.status, state.handled_at = FindingStatus.HANDLED, utcnow()
    _record(actor, state, FindingAction.HANDLED)
