"""Erasure of one person: what goes, what stays and why, then anonymisation that keeps counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from ..clock import utcnow
from ..models import (
    ActionItem,
    AuditEvent,
    CompetencyRating,
    ExportRequest,
    Flag,
    NoteDraft,
    Reflection,
    SessionAddendum,
    SessionParticipant,
    SessionRevision,
    SupervisionSession,
    User,
    UserSession,
)
from ..models.privacy_export import OPEN_STATUSES, ExportStatus
from .export_services import export_dir  # the export part owns where archives live

P, S = SessionParticipant, SupervisionSession
NOTE_FIELDS = ("what_happened", "what_it_meant", "what_next", "cancel_note")
ERASED_TEXT = "(removed on erasure)"


def former_name(user_id: int) -> str:
    """The name an erased person keeps in every list: stable, so a re-run changes nothing."""
    return f"Former worker #{user_id}"


@dataclass(frozen=True)
class Line:
    what: str
    count: int
    why: str = ""


@dataclass
class Preview:
    user_id: int
    name: str
    email: str
    goes: list[Line] = field(default_factory=list)
    stays: list[Line] = field(default_factory=list)
    blocked: str | None = None  # why nothing can be erased now

    @property
    def counts(self) -> dict[str, int]:
        return {line.what: line.count for line in self.goes}


def _n(session: Session, stmt):
    """A count to ask for: the lines' counts are asked in one statement (_counted)."""
    return select(func.count()).select_from(stmt.subquery()).scalar_subquery()


def _counted(session: Session, lines: list[Line]) -> list[Line]:
    """Every line's count in one statement (fifteen small counts, one round trip)."""
    asked = [line for line in lines if not isinstance(line.count, int)]
    if not asked:
        return lines
    values = iter(session.execute(select(*[line.count for line in asked])).one())
    return [
        line if isinstance(line.count, int) else Line(line.what, next(values) or 0, line.why)
        for line in lines
    ]


def _sole_sessions(user_id: int):
    """Sessions in which this person was the only supervisee: their notes are about them."""
    other = aliased(P)
    return (
        select(S.id)
        .join(P, (P.session_id == S.id) & (P.supervisee_id == user_id))
        .where(~exists().where(other.session_id == S.id, other.supervisee_id != user_id))
    )


def _shared_sessions(user_id: int):
    other = aliased(P)
    return (
        select(S.id)
        .join(P, (P.session_id == S.id) & (P.supervisee_id == user_id))
        .where(exists().where(other.session_id == S.id, other.supervisee_id != user_id))
    )


# What an erasure removes, in the order the preview and `flask retention apply` list it.
GOES_KINDS = (
    "profile",
    "login sessions",
    "drafts",
    "training reflections",
    "supervision reflections",
    "notes of their individual sessions",
    "rating notes about them",
    "manager summaries of flags about them",
    "action items they own",
    "audit details naming their email",
    "data exports waiting or ready",
)


def _goes(session: Session, uid: int, email: str, skip: dict | None = None) -> list[Line]:
    """`skip`: per model, rows left out of the count because something else removes them
    first (the prune rules, when `flask retention apply` runs them before erasing)."""
    sole = _sole_sessions(uid)
    skip = skip or {}

    def kept(model):
        return [~skip[model]] if model in skip else []

    return [
        Line("profile", 1, f'Name becomes "{former_name(uid)}"; email and password removed.'),
        Line(
            "login sessions",
            _n(
                session,
                select(UserSession.id).where(UserSession.user_id == uid, *kept(UserSession)),
            ),
        ),
        Line(
            "drafts",
            _n(session, select(NoteDraft.id).where(NoteDraft.user_id == uid, *kept(NoteDraft))),
        ),
        Line(
            "training reflections",
            _n(
                session,
                select(Reflection.id).where(Reflection.user_id == uid, Reflection.text != ""),
            ),
            "Text erased; the reflection still counts as submitted.",
        ),
        Line(
            "supervision reflections",
            _n(session, select(P.session_id).where(P.supervisee_id == uid, P.reflection != "")),
            "Their own reflection in each session they attended.",
        ),
        Line(
            "notes of their individual sessions",
            _n(session, sole),
            "Sessions where they were the only supervisee: note text, earlier versions and "
            "addenda erased; date, minutes and supervisor stay (they count in reports).",
        ),
        Line(
            "rating notes about them",
            _n(
                session,
                select(CompetencyRating.id).where(
                    CompetencyRating.subject_id == uid,
                    or_(
                        CompetencyRating.note != "", CompetencyRating.observation_text.is_not(None)
                    ),
                ),
            ),
            "Notes and observation text erased; the levels stay (they count in reports).",
        ),
        Line(
            "manager summaries of flags about them",
            _n(
                session,
                select(Flag.id).where(Flag.supervisee_id == uid, Flag.manager_summary.is_not(None)),
            ),
            "Summary erased; the flag's kind still counts.",
        ),
        Line(
            "action items they own",
            _n(session, select(ActionItem.id).where(ActionItem.owner_id == uid)),
            "Description erased; due date and done date stay.",
        ),
        Line(
            "audit details naming their email",
            _n(
                session,
                select(AuditEvent.id).where(
                    AuditEvent.detail.contains(email, autoescape=True), *kept(AuditEvent)
                ),
            ),
            "The email tried at login and the like; the events themselves stay.",
        ),
        Line(
            "data exports waiting or ready",
            _n(session, _open_exports(uid)),
            "The archive file is deleted; the request stays as history, marked expired.",
        ),
    ]


def _open_exports(uid: int):
    return select(ExportRequest.id).where(
        ExportRequest.user_id == uid, ExportRequest.status.in_(OPEN_STATUSES)
    )


def _stays(session: Session, uid: int) -> list[Line]:
    return [
        Line(
            "group sessions they attended",
            _n(session, _shared_sessions(uid)),
            "Also the record of the other supervisees: notes stay whole (the person is shown "
            f"as {former_name(uid)}).",
        ),
        Line(
            "sessions they ran as supervisor",
            _n(session, select(S.id).where(S.supervisor_id == uid)),
            "The supervisees' records: they stay whole.",
        ),
        Line(
            "ratings they gave others",
            _n(session, select(CompetencyRating.id).where(CompetencyRating.rater_id == uid)),
            "The other person's record.",
        ),
        Line(
            "audit events",
            _n(
                session,
                select(AuditEvent.id).where(
                    or_(
                        AuditEvent.actor_id == uid,
                        (AuditEvent.record_type == "user") & (AuditEvent.record_id == str(uid)),
                    )
                ),
            ),
            "Evidence of who did what, kept at least 6 years.",
        ),
    ]


def preview(session: Session, user: User, skip: dict | None = None) -> Preview:
    p = Preview(user.id, user.name, user.email)
    if user.anonymised_at is not None:
        p.blocked = "Already anonymised."
        return p
    goes = _goes(session, user.id, user.email, skip)
    lines = _counted(session, goes + _stays(session, user.id))
    p.goes, p.stays = lines[: len(goes)], lines[len(goes) :]
    if user.legal_hold:
        p.blocked = "Under legal hold: nothing is erased until an administrator lifts the hold."
    return p


def _erase_session_notes(session: Session, uid: int) -> None:
    ids = list(session.scalars(_sole_sessions(uid)))
    if not ids:
        return
    # ORM writes, so the derived tables recount just these sessions (a bulk UPDATE on a
    # source table would rebuild every worker's rows).
    for s in session.scalars(select(S).where(S.id.in_(ids))):
        for name in NOTE_FIELDS:
            if getattr(s, name):
                setattr(s, name, "" if name != "cancel_note" else None)
    session.execute(delete(SessionRevision).where(SessionRevision.session_id.in_(ids)))
    session.execute(
        update(SessionAddendum).where(SessionAddendum.session_id.in_(ids)).values(text=ERASED_TEXT)
    )


def _expire_exports(session: Session, uid: int) -> None:
    """A "My data" archive holds everything about the person: it goes with them."""

    for req in session.scalars(
        select(ExportRequest).where(ExportRequest.id.in_(_open_exports(uid)))
    ):
        if req.file_name:
            (export_dir() / req.file_name).unlink(missing_ok=True)
        req.status, req.finished_at, req.file_name = ExportStatus.EXPIRED, utcnow(), None


def anonymise(session: Session, user: User, skip: dict | None = None) -> dict[str, int]:
    """Erase the person's own text and identity; keep every row reports count. No commit:
    the caller commits with its audit event. Returns what went, counted as the preview does."""
    uid, email = user.id, user.email
    counts = {line.what: line.count for line in _counted(session, _goes(session, uid, email, skip))}
    _erase_session_notes(session, uid)
    for p in session.scalars(select(P).where(P.supervisee_id == uid, P.reflection != "")):
        p.reflection = ""
    for r in session.scalars(select(CompetencyRating).where(CompetencyRating.subject_id == uid)):
        if r.note or r.observation_text is not None:
            r.note, r.observation_text = "", None
    session.execute(update(Reflection).where(Reflection.user_id == uid).values(text=""))
    session.execute(update(Flag).where(Flag.supervisee_id == uid).values(manager_summary=None))
    session.execute(
        update(ActionItem).where(ActionItem.owner_id == uid).values(description=ERASED_TEXT)
    )
    session.execute(
        update(AuditEvent)
        .where(AuditEvent.detail.contains(email, autoescape=True))
        .values(detail=func.replace(AuditEvent.detail, email, f"user {uid}"))
    )
    _expire_exports(session, uid)
    session.execute(delete(NoteDraft).where(NoteDraft.user_id == uid))
    session.execute(delete(UserSession).where(UserSession.user_id == uid))
    user.name = former_name(uid)
    user.email = f"former-worker-{uid}@erased.invalid"
    # No password and no logins: they cannot sign in. `active` is left as it was, because the
    # reports count active workers and an erasure must not change a figure.
    user.password_hash = None
    user.anonymised_at = utcnow()
    return counts
