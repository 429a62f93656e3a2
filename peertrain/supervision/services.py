"""Writes for supervision: record, cancel, edit with history, addenda, reflections, actions.

Every function here owns its commit and writes the AuditEvent; note text never goes in `detail`.
They take plain values (entries.py), never a form: the views convert (form_entries.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm.exc import StaleDataError

from .. import audit
from ..clock import utcnow
from ..extensions import db
from ..models import (
    TOPICS,
    ActionItem,
    Flag,
    SessionAddendum,
    SessionFormat,
    SessionParticipant,
    SessionRevision,
    SessionSetting,
    SessionStatus,
    SupervisionSession,
    User,
)
from ..notify import events as notify_events
from ..targets import get_target
from . import drafts
from .drafts import DraftKey
from .entries import ActionEntry, CancellationEntry, FlagEntry, Notes, SessionEdit, SessionEntry

SESSION = "supervision_session"
NOTE_PARTS = (
    ("what_happened", "What happened"),
    ("what_it_meant", "What it meant"),
    ("what_next", "What next"),
)


def log_read(session_id: int, action: str = "view", outcome: str = "success") -> None:
    """Reads and refusals of a session's notes: their own commit, since nothing else changes."""
    audit.log_now(action, SESSION, session_id, outcome=outcome)


def _topics(chosen) -> list[str]:
    chosen = set(chosen or [])
    return [k for k in TOPICS if k in chosen]


def new_session(supervisor: User, entry: SessionEntry) -> SupervisionSession:
    """The held session's rows, not yet added: the one place a record is built from what was
    entered (record_session below; the demo seed, which backdates them, too)."""
    people = sorted(set(entry.supervisee_ids))
    sess = SupervisionSession(
        supervisor_id=supervisor.id,
        held_on=entry.held_on,
        minutes=entry.minutes,
        format=entry.format,
        setting=entry.setting,
        status=SessionStatus.HELD,
        topics=_topics(entry.topics),
        what_happened=entry.notes.what_happened.strip(),
        what_it_meant=entry.notes.what_it_meant.strip(),
        what_next=entry.notes.what_next.strip(),
        updated_by_id=supervisor.id,
        participants=[SessionParticipant(supervisee_id=i) for i in people],
    )
    for item in entry.actions:
        if item.description.strip():
            sess.actions.append(_action(item))
    for flag in entry.flags:
        sess.flags.append(_flag(flag, people))
    return sess


def record_session(supervisor: User, entry: SessionEntry) -> SupervisionSession:
    """A held session with its people, notes, action items and flags (the form has validated
    that every person is a current supervisee, and every owner is in the session)."""
    sess = new_session(supervisor, entry)
    db.session.add(sess)
    db.session.flush()
    audit.log("create", SESSION, sess.id)
    notify_events.session_recorded(sess)  # in this transaction: the record and its notice together
    drafts.drop(supervisor.id, DraftKey("new"))
    db.session.commit()
    return sess


def new_cancellation(supervisor: User, entry: CancellationEntry) -> SupervisionSession:
    people = sorted(set(entry.supervisee_ids))
    note = (entry.note or "").strip()
    return SupervisionSession(
        supervisor_id=supervisor.id,
        held_on=entry.held_on,
        minutes=0,
        format=SessionFormat.INDIVIDUAL if len(people) == 1 else SessionFormat.GROUP,
        setting=entry.setting,
        status=SessionStatus.CANCELLED,
        cancel_reason=entry.reason,
        cancel_note=note or None,
        topics=[],
        updated_by_id=supervisor.id,
        participants=[SessionParticipant(supervisee_id=i) for i in people],
    )


def record_cancellation(supervisor: User, entry: CancellationEntry) -> SupervisionSession:
    sess = new_cancellation(supervisor, entry)
    db.session.add(sess)
    db.session.flush()
    audit.log("create_cancelled", SESSION, sess.id)
    drafts.drop(supervisor.id, DraftKey("cancel"))
    db.session.commit()
    return sess


def _action(item: ActionEntry) -> ActionItem:
    return ActionItem(
        owner_id=item.owner_id, description=item.description.strip(), due_on=item.due_on
    )


def _flag(flag: FlagEntry, people: list[int]) -> Flag:
    about = flag.supervisee_id
    if about is None and len(people) == 1:
        about = people[0]  # reports count flags per worker
    summary = (flag.manager_summary or "").strip()
    return Flag(kind=flag.kind, supervisee_id=about, manager_summary=summary or None)


# --- editing -----------------------------------------------------------------------------


def edit_window_closes(sess: SupervisionSession) -> datetime:
    return sess.created_at + timedelta(days=get_target("session_edit_days"))


def edit_window_open(sess: SupervisionSession, now: datetime | None = None) -> bool:
    return sess.status == SessionStatus.HELD and (now or utcnow()) < edit_window_closes(sess)


def snapshot(sess: SupervisionSession) -> dict:
    return {
        "held_on": sess.held_on.isoformat(),
        "minutes": sess.minutes,
        "setting": str(sess.setting),
        "topics": list(sess.topics or []),
        "what_happened": sess.what_happened,
        "what_it_meant": sess.what_it_meant,
        "what_next": sess.what_next,
    }


def _wanted(edit: SessionEdit) -> dict:
    return {
        "held_on": edit.held_on.isoformat(),
        "minutes": edit.minutes,
        "setting": str(edit.setting),
        "topics": _topics(edit.topics),
        "what_happened": edit.notes.what_happened.strip(),
        "what_it_meant": edit.notes.what_it_meant.strip(),
        "what_next": edit.notes.what_next.strip(),
    }


SAVED, UNCHANGED, CONFLICT = "saved", "unchanged", "conflict"


def edit_session(user: User, sess: SupervisionSession, edit: SessionEdit, posted: dict) -> str:
    """Save an edit, keeping the earlier text as a revision. A form that started from an older
    version is a conflict: the caller shows both texts instead of overwriting anyone's work."""
    key = DraftKey("edit", sess.id)
    if edit.version != str(sess.version):
        return _conflict(user, sess, key, posted)
    before, after = snapshot(sess), _wanted(edit)
    if before == after:
        drafts.drop(user.id, key)
        db.session.commit()
        return UNCHANGED
    try:
        db.session.add(
            SessionRevision(
                session_id=sess.id, version=sess.version, edited_by_id=user.id, snapshot=before
            )
        )
        sess.held_on = edit.held_on
        sess.minutes = after["minutes"]
        sess.setting = SessionSetting(after["setting"])
        sess.topics = after["topics"]
        for name, _ in NOTE_PARTS:
            setattr(sess, name, after[name])
        sess.updated_at = utcnow()
        sess.updated_by_id = user.id
        audit.log("update", SESSION, sess.id)
        drafts.drop(user.id, key)
        db.session.commit()
    except StaleDataError:
        # Someone saved between our read and our write: the row's version moved on.
        db.session.rollback()
        return _conflict(user, sess, key, posted)
    return SAVED


def _conflict(user: User, sess: SupervisionSession, key: DraftKey, posted: dict) -> str:
    # The unsaved text also goes into a draft, so closing the conflict page loses nothing.
    drafts.save(user.id, key, posted)
    audit.log_now("update", SESSION, sess.id, outcome="conflict")
    return CONFLICT


def _changes_as_text(sess: SupervisionSession, notes: Notes) -> str:
    parts = [
        f"{label}:\n{getattr(notes, name).strip()}"
        for name, label in NOTE_PARTS
        if getattr(notes, name).strip() != (getattr(sess, name) or "").strip()
    ]
    return "\n\n".join(parts) or "(Only the date, length, setting or topics were changed.)"


def edit_too_late(user: User, sess: SupervisionSession, versions: list[Notes]) -> None:
    """The window closed while the person was typing: their changes (the posted notes, or each
    kept version of the edit form's notes, oldest first) become a drafted addendum waiting on
    the session page, rather than being refused and lost. Only ever on a POST."""
    texts = [_changes_as_text(sess, notes) for notes in versions]
    key = DraftKey("addendum", sess.id)
    earlier = drafts.get(user.id, key)
    if earlier is not None:  # an addendum already being written is kept, above the changes
        texts = [*earlier.payload.get("text", []), *texts]
    drafts.drop(user.id, DraftKey("edit", sess.id))
    drafts.save(user.id, key, {"text": ["\n\n".join(texts)]}, rescued=True)


def add_addendum(user: User, sess: SupervisionSession, text: str) -> SessionAddendum:
    # The session row is not touched, so an edit form open elsewhere does not conflict.
    row = SessionAddendum(session_id=sess.id, author_id=user.id, text=text.strip())
    db.session.add(row)
    audit.log("add_addendum", SESSION, sess.id)
    drafts.drop(user.id, DraftKey("addendum", sess.id))
    db.session.commit()
    return row


# --- the supervisee's side, actions and flags -------------------------------------------


def save_reflection(user: User, participant: SessionParticipant, text: str) -> None:
    participant.reflection = text.strip()
    participant.reflection_updated_at = utcnow()
    audit.log("reflection", SESSION, participant.session_id)
    drafts.drop(user.id, DraftKey("reflection", participant.session_id))
    db.session.commit()


def acknowledge(participant: SessionParticipant) -> bool:
    """True when newly acknowledged; acknowledging twice keeps the first time."""
    if participant.acknowledged_at is not None:
        return False
    participant.acknowledged_at = utcnow()
    audit.log("acknowledge", SESSION, participant.session_id)
    db.session.commit()
    return True


def add_action(sess: SupervisionSession, entry: ActionEntry) -> ActionItem:
    item = _action(entry)
    item.session_id = sess.id
    db.session.add(item)
    db.session.flush()
    audit.log("add_action", "action_item", item.id)
    db.session.commit()
    return item


def add_flag(sess: SupervisionSession, entry: FlagEntry) -> Flag:
    flag = _flag(entry, [p.supervisee_id for p in sess.participants])
    flag.session_id = sess.id
    db.session.add(flag)
    db.session.flush()
    audit.log("add_flag", "flag", flag.id)
    db.session.commit()
    return flag


def set_action_done(item: ActionItem, done: bool) -> None:
    if done == (item.done_at is not None):
        return
    item.done_at = utcnow() if done else None
    audit.log("action_done" if done else "action_reopened", "action_item", item.id)
    db.session.commit()
