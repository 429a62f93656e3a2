"""Which rows are open to a supervisor's signature, stated once: as the rows themselves (what a
signature covers) and as counts per worker (what waits on the supervisor's home page)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import bindparam, case, exists, func, select
from sqlalchemy.orm import selectinload

from .. import prepared
from ..extensions import db
from ..formatting import short_date
from ..models import (
    SessionParticipant,
    SessionStatus,
    Signoff,
    SignoffItem,
    SignoffKind,
    SupervisionSession,
    TrainingRecord,
    WorkLog,
)
from . import signing


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


# --- the rule: open rows, as SQL conditions both readers below use ---------------------------


def _current(model):
    return model.id.not_in(select(model.corrects_id).where(model.corrects_id.is_not(None)))


def open_weeks(ids, start: date, end: date) -> tuple:
    """Current weekly entries in the period that no signature holds yet."""
    return (
        WorkLog.worker_id.in_(ids),
        _current(WorkLog),
        WorkLog.signoff_id.is_(None),
        WorkLog.week_starting.between(start, end),
    )


def open_courses(ids, start: date, end: date) -> tuple:
    """Current training records ending in the period that no signature holds yet."""
    return (
        TrainingRecord.worker_id.in_(ids),
        _current(TrainingRecord),
        TrainingRecord.signoff_id.is_(None),
        TrainingRecord.ended_on.between(start, end),
    )


def open_sessions(supervisor_id: int, ids, start: date, end: date) -> tuple:
    """Held sessions this supervisor gave the worker in the period, on none of the worker's
    sign-offs (a session is signed per participant)."""
    signed = exists().where(
        SignoffItem.signoff_id == Signoff.id,
        SignoffItem.kind == SignoffKind.SUPERVISION_SESSION,
        SignoffItem.row_id == SupervisionSession.id,
        Signoff.worker_id == SessionParticipant.supervisee_id,
    )
    return (
        SessionParticipant.supervisee_id.in_(ids),
        SupervisionSession.supervisor_id == supervisor_id,
        SupervisionSession.status == SessionStatus.HELD,
        SupervisionSession.held_on.between(start, end),
        ~signed,
    )


# Ready to sign: a week its supervisor confirmed, training they verified. Waiting on the
# supervisor: entries neither confirmed (or verified) nor returned to the worker.
WEEK_READY = WorkLog.confirmed_at.is_not(None)
WEEK_WAITING = WorkLog.confirmed_at.is_(None) & WorkLog.returned_at.is_(None)
COURSE_READY = TrainingRecord.verified_at.is_not(None)
COURSE_WAITING = TrainingRecord.verified_at.is_(None) & TrainingRecord.returned_at.is_(None)


# --- the rows: what a signature covers ------------------------------------------------------


def batch(supervisor_id: int, worker_id: int, start: date, end: date) -> Batch:
    return batches(supervisor_id, [worker_id], start, end)[worker_id]


def _row(kind: SignoffKind, row, on: date, label: str) -> Row:
    return Row(kind, row.id, on, label, row.minutes, signing.row_digest(kind, row))


def batches(supervisor_id: int, worker_ids, start: date, end: date) -> dict[int, Batch]:
    """Per worker, the open rows in the period that are ready, and how many more wait on the
    supervisor (returned ones wait on the worker)."""
    ids = list(worker_ids)
    out = {i: Batch() for i in ids}
    weeks = db.session.scalars(
        select(WorkLog)
        .where(*open_weeks(ids, start, end))
        .order_by(WorkLog.week_starting, WorkLog.id)
    ).all()
    for w in weeks:
        if w.confirmed_at is None:  # WEEK_READY / WEEK_WAITING, on the row in hand
            out[w.worker_id].unconfirmed_weeks += w.returned_at is None
            continue
        label = f"Week of {short_date(w.week_starting)}, {w.setting.value}"
        out[w.worker_id].rows.append(_row(SignoffKind.WORK_LOG, w, w.week_starting, label))
    courses = db.session.scalars(
        select(TrainingRecord)
        .where(*open_courses(ids, start, end))
        .order_by(TrainingRecord.ended_on, TrainingRecord.id)
    ).all()
    for t in courses:
        if t.verified_at is None:  # COURSE_READY / COURSE_WAITING, on the row in hand
            out[t.worker_id].unverified_training += t.returned_at is None
            continue
        label = f"{t.title} ({t.provider})"
        out[t.worker_id].rows.append(_row(SignoffKind.TRAINING_RECORD, t, t.ended_on, label))
    sessions = db.session.execute(
        select(SupervisionSession, SessionParticipant.supervisee_id)
        .join(SessionParticipant)
        .where(*open_sessions(supervisor_id, ids, start, end))
        .options(selectinload(SupervisionSession.participants))
        .order_by(SupervisionSession.held_on, SupervisionSession.id)
    ).all()
    for s, worker_id in sessions:
        kind = s.format.value.replace("_", " ").capitalize()
        label = f"{kind} supervision on {short_date(s.held_on)}"
        out[worker_id].rows.append(_row(SignoffKind.SUPERVISION_SESSION, s, s.held_on, label))
    return out


# --- the counts: what waits, without reading the rows -----------------------------------------


@dataclass(frozen=True)
class Tally:
    to_confirm: int = 0
    to_verify: int = 0
    entered_ready: int = 0  # confirmed weeks and verified training ready to sign
    sessions_ready: int = 0
    first: date | None = None  # the earliest row ready to sign

    @property
    def to_sign(self) -> int:
        return self.entered_ready + self.sessions_ready


def _count(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _entries_statement(worker_col, day_col, waiting, ready, conditions):
    """Worker id, waiting, ready, earliest ready day, over one kind of entry."""
    return (
        select(worker_col, _count(waiting), _count(ready), func.min(case((ready, day_col))))
        .where(*conditions)
        .group_by(worker_col)
    )


def _by_worker(stmt, params: dict) -> dict[int, tuple]:
    """Worker id -> (waiting, ready, earliest ready day) over one kind of entry."""
    return {w: (int(n_waiting), int(n_ready), first)
            for w, n_waiting, n_ready, first in prepared.rows(stmt, params)}  # fmt: skip


@prepared.statement
def _tally_statements():
    """The three tallies for supervisor :sup, workers :ids and the period :start to :end,
    built once (the supervisor's home reads them on every visit; peertrain/prepared.py)."""
    ids, start, end = bindparam("ids", expanding=True), bindparam("start"), bindparam("end")
    weeks = _entries_statement(WorkLog.worker_id, WorkLog.week_starting, WEEK_WAITING,
                               WEEK_READY, open_weeks(ids, start, end))  # fmt: skip
    courses = _entries_statement(TrainingRecord.worker_id, TrainingRecord.ended_on,
                                 COURSE_WAITING, COURSE_READY,
                                 open_courses(ids, start, end))  # fmt: skip
    sessions = (
        select(SessionParticipant.supervisee_id, func.count(),
               func.min(SupervisionSession.held_on))
        .join(SessionParticipant)
        .where(*open_sessions(bindparam("sup"), ids, start, end))
        .group_by(SessionParticipant.supervisee_id)
    )  # fmt: skip
    return weeks, courses, sessions


def tallies(supervisor_id: int, worker_ids, start: date, end: date) -> dict[int, Tally]:
    """Per worker, the counts batches() would give, in three grouped statements: a home page
    with many supervisees reads no rows, digests or labels. A test holds the two to agree."""
    ids = list(worker_ids)
    params = {"sup": supervisor_id, "ids": ids, "start": start, "end": end}
    weeks_stmt, courses_stmt, sessions_stmt = _tally_statements()
    weeks, courses = _by_worker(weeks_stmt, params), _by_worker(courses_stmt, params)
    sessions = {w: (int(n), first) for w, n, first in prepared.rows(sessions_stmt, params)}
    out = {}
    for i in ids:
        w_wait, w_ready, w_first = weeks.get(i, (0, 0, None))
        c_wait, c_ready, c_first = courses.get(i, (0, 0, None))
        s_ready, s_first = sessions.get(i, (0, None))
        days = [d for d in (w_first, c_first, s_first) if d]
        out[i] = Tally(w_wait, c_wait, w_ready + c_ready, s_ready, min(days, default=None))
    return out
