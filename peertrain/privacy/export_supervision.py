"""Supervision records in a person's export: each part written by others only where authz lets
the person read it on the session page, and never another person's reflection or flag."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from ..authz import is_session_participant, may_see_flag, may_view_session
from ..models import (
    ActionItem,
    SessionParticipant,
    SessionRevision,
    SupervisionSession,
    User,
)

# The note parts of a revision's snapshot (supervision/services.snapshot).
REVISION_PARTS = (
    "held_on",
    "minutes",
    "setting",
    "topics",
    "what_happened",
    "what_it_meant",
    "what_next",
)


def _iso(value):
    return value.isoformat() if value else None


def supervision_records(db_session: Session, user: User) -> list[dict]:
    """Sessions the person took part in, as supervisee or as the supervisor who wrote them."""
    mine = select(SessionParticipant.session_id).where(SessionParticipant.supervisee_id == user.id)
    stmt = (
        select(SupervisionSession)
        .where(or_(SupervisionSession.supervisor_id == user.id, SupervisionSession.id.in_(mine)))
        .options(
            selectinload(SupervisionSession.participants).selectinload(
                SessionParticipant.supervisee
            ),
            selectinload(SupervisionSession.flags),
            selectinload(SupervisionSession.actions),
            selectinload(SupervisionSession.addenda),
        )
        .order_by(SupervisionSession.held_on, SupervisionSession.id)
    )
    sessions = [s for s in db_session.scalars(stmt) if may_view_session(user, s)]
    revisions = _revisions(db_session, [s.id for s in sessions])
    return [_record(user, s, revisions.get(s.id, [])) for s in sessions]


def _revisions(db_session: Session, session_ids: list[int]) -> dict[int, list]:
    found: dict[int, list] = {}
    if not session_ids:
        return found
    stmt = (
        select(SessionRevision)
        .where(SessionRevision.session_id.in_(session_ids))
        .order_by(SessionRevision.version)
    )
    for rev in db_session.scalars(stmt):
        found.setdefault(rev.session_id, []).append(rev)
    return found


def _record(user: User, s: SupervisionSession, revisions: list) -> dict:
    me = next((p for p in s.participants if p.supervisee_id == user.id), None)
    return {
        "id": s.id,
        "my_part": "supervisee" if is_session_participant(user, s) else "supervisor",
        "held_on": _iso(s.held_on),
        "minutes": s.minutes,
        "format": s.format.value,
        "setting": s.setting.value,
        "status": s.status.value,
        "cancel_reason": s.cancel_reason.value if s.cancel_reason else None,
        "cancel_note": s.cancel_note,
        "topics": list(s.topics or []),
        "supervisor": s.supervisor.name,
        "participants": sorted(p.supervisee.name for p in s.participants),
        "notes": {
            "what_happened": s.what_happened,
            "what_it_meant": s.what_it_meant,
            "what_next": s.what_next,
        },
        "updated_at": _iso(s.updated_at),
        "my_acknowledgement": _iso(me.acknowledged_at) if me else None,
        # Only the person's own reflection: another participant's is theirs (and is read only
        # by the session's author, authz.may_read_session_reflections), so it is in their
        # export, not this one, even when this person is that author.
        "my_reflection": (
            {"text": me.reflection, "updated_at": _iso(me.reflection_updated_at)} if me else None
        ),
        "flags": [
            {
                "kind": f.kind.value,
                "about": "you" if f.supervisee_id == user.id else "the whole session",
                "manager_summary": f.manager_summary,
            }
            for f in s.flags
            if may_see_flag(user, s, f) and f.supervisee_id in (None, user.id)
        ],
        # Another person's action items are about them: counted, not copied.
        "my_action_items": [a.id for a in s.actions if a.owner_id == user.id],
        "other_people_action_items": sum(1 for a in s.actions if a.owner_id != user.id),
        "addenda": [
            {"author": a.author.name, "created_at": _iso(a.created_at), "text": a.text}
            for a in s.addenda
        ],
        "revisions": [
            {
                "version": r.version,
                "edited_by": r.edited_by.name,
                "edited_at": _iso(r.edited_at),
                "before": {k: r.snapshot.get(k) for k in REVISION_PARTS},
            }
            for r in revisions
        ],
    }


def action_items(db_session: Session, user: User) -> list[dict]:
    """Action items the person owns, in sessions they may read."""
    stmt = (
        select(ActionItem)
        .where(ActionItem.owner_id == user.id)
        .options(selectinload(ActionItem.session).selectinload(SupervisionSession.participants))
        .order_by(ActionItem.id)
    )
    return [
        {
            "id": a.id,
            "session_id": a.session_id,
            "description": a.description,
            "due_on": _iso(a.due_on),
            "done_at": _iso(a.done_at),
        }
        for a in db_session.scalars(stmt)
        if may_view_session(user, a.session)
    ]
