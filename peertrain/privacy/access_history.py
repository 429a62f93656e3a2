"""Who has read my records: other people's audited reads of my sessions, reflections, ratings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, and_, cast, func, or_, select, true
from sqlalchemy.orm import Session

from ..formatting import short_date
from ..models import (
    ROLE_LABELS,
    AuditEvent,
    Module,
    Reflection,
    Role,
    SessionParticipant,
    SupervisionSession,
    User,
    UserRole,
)

# The audit actions that mean "this person's text was shown", by record type. They are written
# where the pages show the text: supervision/services.log_read, modules/services.
# audit_supervisor_view and assessments/services.log_profile_read.
SESSION_READS = ("view", "view_revision")
REFLECTION_READS = ("reflection_read",)
PERSON_READS = ("training_record_read", "competency.profile.read")
# Someone given access to this person's records, or their account changed by an admin
# (peertrain/approvals/access.py): listed with the reads, in the person's own words.
GRANTS = ("access_granted",)
# A participant's own part of a group session (their reflection, their acknowledgement): the
# event is about them, not about the others in the session, so it is not in others' exports.
OWN_PART_ACTIONS = ("reflection", "acknowledge")


@dataclass(frozen=True)
class Read:
    at: datetime
    reader: str
    roles: str
    what: str
    refused: bool
    session_id: int | None  # for a link to the session, which the person may open
    granted: bool = False  # not a read: someone was given access (the detail says who)


@dataclass(frozen=True)
class ReadPage:
    reads: list[Read]
    total: int
    page: int
    pages: int


def about_my_records(user_id: int, *, reads_only: bool = True):
    """SQL condition: an audit event, by someone else (or by no one signed in, unless only
    reads are asked for), on one of this person's sessions, reflections or person records."""
    my_sessions = select(cast(SessionParticipant.session_id, String)).where(
        SessionParticipant.supervisee_id == user_id
    )
    my_reflections = select(cast(Reflection.id, String)).where(Reflection.user_id == user_id)

    def action(names):
        return AuditEvent.action.in_(names) if reads_only else true()

    someone_else = or_(AuditEvent.actor_id.is_(None), AuditEvent.actor_id != user_id)
    return and_(
        AuditEvent.actor_id.is_not(None) & someone_else if reads_only else someone_else,
        or_(
            and_(
                AuditEvent.record_type == "supervision_session",
                action(SESSION_READS),
                AuditEvent.action.not_in(OWN_PART_ACTIONS),
                AuditEvent.record_id.in_(my_sessions),
            ),
            and_(
                AuditEvent.record_type == "reflection",
                action(REFLECTION_READS),
                AuditEvent.record_id.in_(my_reflections),
            ),
            and_(
                AuditEvent.record_type == "user",
                action(PERSON_READS + GRANTS),
                AuditEvent.record_id == str(user_id),
            ),
        ),
    )


def reads_of_my_records(user_id: int):
    """SQL condition: an audited read, by someone else, of one of this person's records."""
    return about_my_records(user_id, reads_only=True)


def events_about(db_session: Session, user_id: int) -> list[AuditEvent]:
    """Everything others did with this person's records, oldest first (for the export)."""
    stmt = select(AuditEvent).where(about_my_records(user_id, reads_only=False))
    return list(db_session.scalars(stmt.order_by(AuditEvent.at, AuditEvent.id)))


def roles_of(user: User) -> str:
    return ", ".join(ROLE_LABELS[r] for r in Role if r in user.roles)


def reads_page(db_session: Session, user_id: int, *, page: int = 1, per_page: int = 50) -> ReadPage:
    where = reads_of_my_records(user_id)
    total = db_session.scalar(select(func.count(AuditEvent.id)).where(where)) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    events = list(
        db_session.scalars(
            select(AuditEvent)
            .where(where)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return ReadPage(describe(db_session, events), int(total), page, pages)


def describe(db_session: Session, events: list[AuditEvent]) -> list[Read]:
    """Readers' names and roles and what each read was of, in three queries for the lot."""
    actor_ids = {e.actor_id for e in events}
    names = dict(db_session.execute(select(User.id, User.name).where(User.id.in_(actor_ids))).all())
    roles: dict[int, set[Role]] = {}
    for uid, role in db_session.execute(
        select(UserRole.user_id, UserRole.role).where(UserRole.user_id.in_(actor_ids))
    ):
        roles.setdefault(uid, set()).add(role)
    session_days = _session_days(db_session, events)
    module_titles = _reflection_modules(db_session, events)
    return [
        Read(
            at=e.at,
            reader=names.get(e.actor_id, "A removed account"),
            roles=", ".join(ROLE_LABELS[r] for r in Role if r in roles.get(e.actor_id, ())),
            what=_what(e, session_days, module_titles),
            refused=e.outcome != "success",
            session_id=int(e.record_id) if e.record_type == "supervision_session" else None,
            granted=e.action in GRANTS,
        )
        for e in events
    ]


def _ids(events: list[AuditEvent], record_type: str) -> set[int]:
    return {int(e.record_id) for e in events if e.record_type == record_type and e.record_id}


def _session_days(db_session: Session, events: list[AuditEvent]) -> dict:
    ids = _ids(events, "supervision_session")
    stmt = select(SupervisionSession.id, SupervisionSession.held_on).where(
        SupervisionSession.id.in_(ids)
    )
    return dict(db_session.execute(stmt).all()) if ids else {}


def _reflection_modules(db_session: Session, events: list[AuditEvent]) -> dict:
    ids = _ids(events, "reflection")
    stmt = select(Reflection.id, Module.title).join(Module).where(Reflection.id.in_(ids))
    return dict(db_session.execute(stmt).all()) if ids else {}


def _what(event: AuditEvent, session_days: dict, module_titles: dict) -> str:
    if event.action in GRANTS:
        return event.detail or "Access to your records was granted"
    if event.record_type == "supervision_session":
        day = session_days.get(int(event.record_id))
        which = "an earlier version of " if event.action == "view_revision" else ""
        return f"{which}your supervision record of {short_date(day)}"
    if event.record_type == "reflection":
        title = module_titles.get(int(event.record_id), "a module")
        return f"your reflection in {title}"
    if event.action == "competency.profile.read":
        notes = event.detail == "ratings with notes"
        return "your competency ratings, with notes" if notes else "your competency levels"
    return "your training record and reflections"
