"""Writes for supervision: record, cancel, edit with history, addenda, reflections, actions.

Every function here owns its commit and writes the AuditEvent; note text never goes in `detail`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm.exc import StaleDataError

from .. import audit
from ..clock import utcnow
from ..extensions import db
from ..inputs import record_id
from ..models import (
    TOPICS,
    ActionItem,
    CancelReason,
    Flag,
    FlagKind,
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


def _id(value: str | None) -> int | None:
    return record_id(value)


def record_session(supervisor: User, form) -> SupervisionSession:
    """A held session with its people, notes, action items and flags (the form has validated
    that every person is a current supervisee, and every owner is in the session)."""
    people = sorted(set(form.supervisees.data))
    sess = SupervisionSession(
        supervisor_id=supervisor.id,
        held_on=form.held_on.data,
        minutes=form.minutes.data,
        format=SessionFormat(form.format.data),
        setting=SessionSetting(form.setting.data),
        status=SessionStatus.HELD,
        topics=_topics(form.topics.data),
        what_happened=(form.what_happened.data or "").strip(),
        what_it_meant=(form.what_it_meant.data or "").strip(),
        what_next=(form.what_next.data or "").strip(),
        updated_by_id=supervisor.id,
        participants=[SessionParticipant(supervisee_id=i) for i in people],
    )
    for row in form.actions:
        text = (row.form.description.data or "").strip()
        if text:
            sess.actions.append(
                ActionItem(
                    owner_id=int(row.form.owner.data), description=text, due_on=row.form.due_on.data
                )
            )
    for row in form.flags:
        if row.form.kind.data:
            about = _id(row.form.supervisee.data)
            if about is None and len(people) == 1:
                about = people[0]  # reports count flags per worker
            summary = (row.form.manager_summary.data or "").strip()
            sess.flags.append(
                Flag(
                    kind=FlagKind(row.form.kind.data),
                    supervisee_id=about,
                    manager_summary=summary or None,
                )
            )
    db.session.add(sess)
    db.session.flush()
    audit.log("create", SESSION, sess.id)
    notify_events.session_recorded(sess)  # in this transaction: the record and its notice together
    drafts.drop(supervisor.id, DraftKey("new"))
    db.session.commit()
    return sess


def record_cancellation(supervisor: User, form) -> SupervisionSession:
    people = sorted(set(form.supervisees.data))
    note = (form.cancel_note.data or "").strip()
    sess = SupervisionSession(
        supervisor_id=supervisor.id,
        held_on=form.held_on.data,
        minutes=0,
        format=SessionFormat.INDIVIDUAL if len(people) == 1 else SessionFormat.GROUP,
        setting=SessionSetting(form.setting.data),
        status=SessionStatus.CANCELLED,
        cancel_reason=CancelReason(form.reason.data),
        cancel_note=note or None,
        topics=[],
        updated_by_id=supervisor.id,
        participants=[SessionParticipant(supervisee_id=i) for i in people],
    )
    db.session.add(sess)
    db.session.flush()
    audit.log("create_cancelled", SESSION, sess.id)
    drafts.drop(supervisor.id, DraftKey("cancel"))
    db.session.commit()
    return sess


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


def _wanted(form) -> dict:
    return {
        "held_on": form.held_on.data.isoformat(),
        "minutes": form.minutes.data,
        "setting": form.setting.data,
        "topics": _topics(form.topics.data),
        "what_happened": (form.what_happened.data or "").strip(),
        "what_it_meant": (form.what_it_meant.data or "").strip(),
        "what_next": (form.what_next.data or "").strip(),
    }


SAVED, UNCHANGED, CONFLICT = "saved", "unchanged", "conflict"


def edit_session(user: User, sess: SupervisionSession, form, posted: dict) -> str:
    """Save an edit, keeping the earlier text as a revision. A form that started from an older
    version is a conflict: the caller shows both texts instead of overwriting anyone's work."""
    key = DraftKey("edit", sess.id)
    if str(form.version.data) != str(sess.version):
        return _conflict(user, sess, key, posted)
    before, after = snapshot(sess), _wanted(form)
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
        sess.held_on = form.held_on.data
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


def _changes_as_text(sess: SupervisionSession, form) -> str:
    parts = [
        f"{label}:\n{(getattr(form, name).data or '').strip()}"
        for name, label in NOTE_PARTS
        if (getattr(form, name).data or "").strip() != (getattr(sess, name) or "").strip()
    ]
    return "\n\n".join(parts) or "(Only the date, length, setting or topics were changed.)"


def edit_too_late(user: User, sess: SupervisionSession, forms: list) -> None:
    """The window closed while the person was typing: their changes (the posted form, or each
    kept version of the edit form, oldest first) become a drafted addendum waiting on the
    session page, rather than being refused and lost. Only ever on a POST."""
    texts = [_changes_as_text(sess, form) for form in forms]
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


def add_action(sess: SupervisionSession, form) -> ActionItem:
    item = ActionItem(
        session_id=sess.id,
        owner_id=int(form.owner.data),
        description=form.description.data.strip(),
        due_on=form.due_on.data,
    )
    db.session.add(item)
    db.session.flush()
    audit.log("add_action", "action_item", item.id)
    db.session.commit()
    return item


def add_flag(sess: SupervisionSession, form) -> Flag:
    about = _id(form.supervisee.data)
    if about is None and len(sess.participants) == 1:
        about = sess.participants[0].supervisee_id
    summary = (form.manager_summary.data or "").strip()
    flag = Flag(
        session_id=sess.id,
        kind=FlagKind(form.kind.data),
        supervisee_id=about,
        manager_summary=summary or None,
    )
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
