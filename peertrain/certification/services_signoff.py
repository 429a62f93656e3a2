"""A supervisor's signature over a period's hours, in one step: the rows ready to sign, the
statement with their figures, re-authentication (password, or the authenticator code when the
supervisor has two-step sign-in), and the signature with its digests (signing.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import audit
from ..auth import mfa, throttle
from ..auth.mfa_services import _use_code
from ..clock import utcnow
from ..extensions import db
from ..formatting import short_date
from ..models import (
    SessionParticipant,
    SessionStatus,
    Signoff,
    SignoffItem,
    SignoffKind,
    SignoffMethod,
    SupervisionSession,
    TrainingRecord,
    User,
    WorkLog,
)
from ..passwords import verify_password
from . import signing

STATEMENT = (
    "I, {supervisor}, sign the hours of {worker} from {start} to {end}: {work} hours of peer "
    "work experience in {weeks} weekly entries, {supervision} hours of supervision I gave in "
    "{sessions} sessions, and {training} hours of other training in {courses} records; "
    "{total} hours in all, as listed. I supervised this work and, to the best of my knowledge, "
    "these records are true and complete."
)
KIND_LABELS = {
    SignoffKind.WORK_LOG: "Work experience",
    SignoffKind.SUPERVISION_SESSION: "Supervision",
    SignoffKind.TRAINING_RECORD: "Other training",
}


class SignRefused(Exception):
    """Nothing was signed; the message belongs next to `field`."""

    def __init__(self, message: str, field: str = "password") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Row:
    kind: SignoffKind
    row_id: int
    on: date
    label: str
    minutes: int
    digest: str


@dataclass
class Batch:
    """What one signature would cover, and what in the period is not ready to be signed."""

    rows: list[Row] = field(default_factory=list)
    unconfirmed_weeks: int = 0
    unverified_training: int = 0

    def minutes(self, kind: SignoffKind) -> int:
        return sum(r.minutes for r in self.rows if r.kind is kind)

    def count(self, kind: SignoffKind) -> int:
        return sum(1 for r in self.rows if r.kind is kind)

    @property
    def total_minutes(self) -> int:
        return sum(r.minutes for r in self.rows)

    @property
    def rows_hash(self) -> str:
        return signing.rows_hash((r.kind, r.row_id, r.digest) for r in self.rows)


def _hours(minutes: int) -> str:
    return f"{round(minutes / 60, 1):g}"


def _current(model):
    return model.id.not_in(select(model.corrects_id).where(model.corrects_id.is_not(None)))


def batch(supervisor_id: int, worker_id: int, start: date, end: date) -> Batch:
    return batches(supervisor_id, [worker_id], start, end)[worker_id]


def _row(kind: SignoffKind, row, on: date, label: str) -> Row:
    return Row(kind, row.id, on, label, row.minutes, signing.row_digest(kind, row))


def batches(supervisor_id: int, worker_ids, start: date, end: date) -> dict[int, Batch]:
    """Per worker, the current unsigned rows in the period: confirmed weeks, verified training
    (by its end date) and held sessions this supervisor gave them that no sign-off lists yet.
    Entries still waiting on the supervisor are counted; returned ones wait on the worker."""
    ids = list(worker_ids)
    out = {i: Batch() for i in ids}
    weeks = db.session.scalars(
        select(WorkLog)
        .where(
            WorkLog.worker_id.in_(ids),
            _current(WorkLog),
            WorkLog.signoff_id.is_(None),
            WorkLog.week_starting.between(start, end),
        )
        .order_by(WorkLog.week_starting, WorkLog.id)
    ).all()
    for w in weeks:
        if w.confirmed_at is None:
            out[w.worker_id].unconfirmed_weeks += w.returned_at is None
            continue
        label = f"Week of {short_date(w.week_starting)}, {w.setting.value}"
        out[w.worker_id].rows.append(_row(SignoffKind.WORK_LOG, w, w.week_starting, label))
    courses = db.session.scalars(
        select(TrainingRecord)
        .where(
            TrainingRecord.worker_id.in_(ids),
            _current(TrainingRecord),
            TrainingRecord.signoff_id.is_(None),
            TrainingRecord.ended_on.between(start, end),
        )
        .order_by(TrainingRecord.ended_on, TrainingRecord.id)
    ).all()
    for t in courses:
        if t.verified_at is None:
            out[t.worker_id].unverified_training += t.returned_at is None
            continue
        label = f"{t.title} ({t.provider})"
        out[t.worker_id].rows.append(_row(SignoffKind.TRAINING_RECORD, t, t.ended_on, label))
    signed = (
        select(SignoffItem.row_id, Signoff.worker_id)
        .join(Signoff)
        .where(SignoffItem.kind == SignoffKind.SUPERVISION_SESSION, Signoff.worker_id.in_(ids))
    )
    taken = {(row_id, worker_id) for row_id, worker_id in db.session.execute(signed)}
    sessions = db.session.execute(
        select(SupervisionSession, SessionParticipant.supervisee_id)
        .join(SessionParticipant)
        .where(
            SessionParticipant.supervisee_id.in_(ids),
            SupervisionSession.supervisor_id == supervisor_id,
            SupervisionSession.status == SessionStatus.HELD,
            SupervisionSession.held_on.between(start, end),
        )
        .options(selectinload(SupervisionSession.participants))
        .order_by(SupervisionSession.held_on, SupervisionSession.id)
    ).all()
    for s, worker_id in sessions:
        if (s.id, worker_id) in taken:
            continue
        kind = s.format.value.replace("_", " ").capitalize()
        label = f"{kind} supervision on {short_date(s.held_on)}"
        out[worker_id].rows.append(_row(SignoffKind.SUPERVISION_SESSION, s, s.held_on, label))
    return out


def statement(supervisor: User, worker: User, start: date, end: date, b: Batch) -> str:
    k = SignoffKind
    return STATEMENT.format(
        supervisor=supervisor.name,
        worker=worker.name,
        start=short_date(start),
        end=short_date(end),
        work=_hours(b.minutes(k.WORK_LOG)),
        weeks=b.count(k.WORK_LOG),
        supervision=_hours(b.minutes(k.SUPERVISION_SESSION)),
        sessions=b.count(k.SUPERVISION_SESSION),
        training=_hours(b.minutes(k.TRAINING_RECORD)),
        courses=b.count(k.TRAINING_RECORD),
        total=_hours(b.total_minutes),
    )


def _reauthenticate(user: User, password: str, code: str, ip: str | None) -> SignoffMethod:
    """The password, or the current authenticator code when two-step sign-in is on; failures
    count towards the same lockout as a login's, and each is audited."""
    totp = mfa.is_enrolled(user)
    field_name = "code" if totp else "password"
    try:  # counted before the secret is checked, as a sign-in's attempt is
        throttle.begin_attempt(user.email, ip)
    except throttle.Throttled as refused:
        audit.log_now(
            "certification.signoff.reauth", "user", user.id, outcome="locked", actor_id=user.id
        )
        raise SignRefused(str(refused), field_name) from None
    good = _use_code(user, code) if totp else verify_password(user.password_hash, password)
    if not good:
        audit.log_now(
            "certification.signoff.reauth", "user", user.id, outcome="failure", actor_id=user.id
        )
        raise SignRefused(
            "That code is not right. Codes change every 30 seconds; try a new one."
            if totp
            else "That is not your password. Nothing was signed.",
            field_name,
        )
    throttle.succeeded(user.email, ip)
    return SignoffMethod.TOTP if totp else SignoffMethod.PASSWORD


def record(
    supervisor: User, worker: User, start: date, end: date, b: Batch, method: SignoffMethod
) -> Signoff:
    """Write the signature and lock its rows (the caller re-authenticated and commits)."""
    signoff = Signoff(
        supervisor_id=supervisor.id,
        worker_id=worker.id,
        period_start=start,
        period_end=end,
        signed_at=utcnow(),
        statement=statement(supervisor, worker, start, end, b),
        rows_hash=b.rows_hash,
        method=method,
        items=[SignoffItem(kind=r.kind, row_id=r.row_id, row_digest=r.digest) for r in b.rows],
    )
    db.session.add(signoff)
    db.session.flush()
    for kind in (SignoffKind.WORK_LOG, SignoffKind.TRAINING_RECORD):
        for row in signing.load(kind, [r.row_id for r in b.rows if r.kind is kind]).values():
            row.signoff_id = signoff.id
    return signoff


def sign(
    supervisor: User,
    worker: User,
    start: date,
    end: date,
    shown_hash: str,
    password: str,
    code: str,
    ip: str | None,
) -> Signoff:
    """Sign exactly the rows the page showed (their hash came back with the form)."""
    method = _reauthenticate(supervisor, password, code, ip)
    b = batch(supervisor.id, worker.id, start, end)
    if not b.rows:
        raise SignRefused("There is nothing ready to sign in this period.", "start")
    if b.rows_hash != shown_hash:
        raise SignRefused(
            "The hours changed while this page was open. Check the list again, then sign.", "start"
        )
    signoff = record(supervisor, worker, start, end, b, method)
    audit.log(
        "certification.signoff.sign",
        "signoff",
        signoff.id,
        actor_id=supervisor.id,
        detail=f"worker {worker.id}, {len(b.rows)} rows, {method.value}",
    )
    db.session.commit()
    return signoff


def signoffs(worker_id: int) -> list[Signoff]:
    return list(
        db.session.scalars(
            select(Signoff)
            .options(selectinload(Signoff.items))
            .where(Signoff.worker_id == worker_id)
            .order_by(Signoff.period_end.desc(), Signoff.id.desc())
        )
    )


def log_read(viewer_id: int, worker_id: int) -> None:
    audit.log_now("certification.signoffs.read", "user", worker_id, actor_id=viewer_id)
