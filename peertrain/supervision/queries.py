"""Read-only supervision lookups: the supervision pages, and what readiness and reports rely on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload

from .. import prepared
from ..authz import supervisee_ids_stmt
from ..extensions import db
from ..models import (
    ActionItem,
    Flag,
    SessionAddendum,
    SessionParticipant,
    SessionRevision,
    SessionStatus,
    SupervisionSession,
    User,
)


@prepared.statement
def _minutes_statement():
    return (
        select(SessionParticipant.supervisee_id, func.sum(SupervisionSession.minutes))
        .join(SupervisionSession, SupervisionSession.id == SessionParticipant.session_id)
        .where(
            SessionParticipant.supervisee_id.in_(bindparam("ids", expanding=True)),
            SupervisionSession.status == SessionStatus.HELD,
        )
        .group_by(SessionParticipant.supervisee_id)
    )


def supervised_minutes_by_person(user_ids: list[int]) -> dict[int, int]:
    """Person id -> minutes of held supervision sessions they took part in, all time, in one
    query however many people are asked about (built once: readiness reads it on every
    competency page)."""
    if not user_ids:
        return {}
    rows = prepared.rows(_minutes_statement(), {"ids": list(user_ids)})
    return {person: int(minutes or 0) for person, minutes in rows}


def supervised_minutes(user_id: int) -> int:
    """Minutes of held supervision sessions the worker took part in, all time."""
    return supervised_minutes_by_person([user_id]).get(user_id, 0)


def supervised_hours(user_id: int) -> float:
    return round(supervised_minutes(user_id) / 60, 1)


def supervisee_choices(supervisor_id: int) -> list[tuple[int, str]]:
    """The people a supervisor may record a session with today."""
    return [
        (uid, name)
        for uid, name in db.session.execute(
            select(User.id, User.name)
            .where(User.id.in_(supervisee_ids_stmt(supervisor_id)), User.active.is_(True))
            .order_by(User.name)
        )
    ]


# --- lists of sessions and actions -----------------------------------------------------


def _with_people(stmt):
    return stmt.options(
        selectinload(SupervisionSession.participants).selectinload(SessionParticipant.supervisee)
    )


def sessions_by_supervisor(
    supervisor_id: int, *, supervisee_id: int | None = None, page: int = 1, per_page: int = 50
) -> tuple[list[SupervisionSession], int]:
    """A page of the sessions a supervisor recorded, newest first, and the total count."""
    where = [SupervisionSession.supervisor_id == supervisor_id]
    if supervisee_id is not None:
        where.append(
            SupervisionSession.id.in_(
                select(SessionParticipant.session_id).where(
                    SessionParticipant.supervisee_id == supervisee_id
                )
            )
        )
    total = db.session.scalar(select(func.count(SupervisionSession.id)).where(*where)) or 0
    stmt = (
        select(SupervisionSession)
        .where(*where)
        .order_by(SupervisionSession.held_on.desc(), SupervisionSession.id.desc())
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    )
    return list(db.session.scalars(_with_people(stmt))), int(total)


@dataclass(frozen=True)
class MySession:
    session: SupervisionSession
    supervisor_name: str
    acknowledged_at: object


def sessions_of_supervisee(user_id: int) -> list[MySession]:
    """Every session the person took part in, held or cancelled, newest first."""
    rows = db.session.execute(
        select(SupervisionSession, User.name, SessionParticipant.acknowledged_at)
        .join(SessionParticipant, SessionParticipant.session_id == SupervisionSession.id)
        .join(User, User.id == SupervisionSession.supervisor_id)
        .where(SessionParticipant.supervisee_id == user_id)
        .order_by(SupervisionSession.held_on.desc(), SupervisionSession.id.desc())
    )
    return [MySession(s, name, ack) for s, name, ack in rows]


def actions_owned_by(user_id: int, *, open_only: bool = False) -> list[tuple[ActionItem, date]]:
    """Action items a person owns with their session's date: open ones first, by due date."""
    stmt = (
        select(ActionItem, SupervisionSession.held_on)
        .join(SupervisionSession, SupervisionSession.id == ActionItem.session_id)
        .where(ActionItem.owner_id == user_id)
        .order_by(
            ActionItem.done_at.is_not(None),
            ActionItem.due_on.is_(None),
            ActionItem.due_on,
            ActionItem.id,
        )
    )
    if open_only:
        stmt = stmt.where(ActionItem.done_at.is_(None))
    return [(a, held_on) for a, held_on in db.session.execute(stmt)]


# --- one session -----------------------------------------------------------------------


def _person(path):
    """A person shown on the page by name: joined into the row that names them, their roles
    read only if something asks (each set of people would otherwise cost a roles query)."""
    return path.lazyload(User.role_rows)


def load_session(session_id: int) -> SupervisionSession | None:
    """A session with everything its page shows, in five statements whatever it holds."""
    return db.session.scalar(
        select(SupervisionSession)
        .where(SupervisionSession.id == session_id)
        .options(
            _person(joinedload(SupervisionSession.supervisor)),
            _person(
                selectinload(SupervisionSession.participants).joinedload(
                    SessionParticipant.supervisee
                )
            ),
            _person(selectinload(SupervisionSession.flags).joinedload(Flag.supervisee)),
            _person(selectinload(SupervisionSession.actions).joinedload(ActionItem.owner)),
            _person(selectinload(SupervisionSession.addenda).joinedload(SessionAddendum.author)),
        )
    )


def revisions_of(session_id: int) -> list[SessionRevision]:
    return list(
        db.session.scalars(
            select(SessionRevision)
            .where(SessionRevision.session_id == session_id)
            .options(_person(joinedload(SessionRevision.edited_by)))
            .order_by(SessionRevision.version.desc(), SessionRevision.id.desc())
        )
    )


def revision(session_id: int, revision_id: int) -> SessionRevision | None:
    return db.session.scalar(
        select(SessionRevision)
        .where(SessionRevision.id == revision_id, SessionRevision.session_id == session_id)
        .options(_person(joinedload(SessionRevision.edited_by)))
    )


def participant(session_id: int, user_id: int) -> SessionParticipant | None:
    return db.session.get(SessionParticipant, (session_id, user_id))


def action_item(action_id: int) -> ActionItem | None:
    return db.session.scalar(
        select(ActionItem)
        .where(ActionItem.id == action_id)
        .options(selectinload(ActionItem.session).selectinload(SupervisionSession.participants))
    )


def user_names(ids) -> dict[int, str]:
    ids = set(ids)
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())
