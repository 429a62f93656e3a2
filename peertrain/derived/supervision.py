"""Keeps the supervision tables derived from sessions in step with them: attendances (a
session's day, status and minutes beside each worker in it) and per-worker months.

Cancellations and coverage select a period's attendances. From the sessions that meant
joining all 360,000 participants to them (~130 ms at 10,000 workers); from the copy it is one
index range (~55 ms). The 12-month coverage trend asks, for every worker and every month's
end, "was there a held session within the interval before this day?". From the sessions that
joined about 220,000 participant rows and sorted a worker × month grid on every view (~500
ms); from the months it is one narrow row per worker and month.

A flush that adds, changes or removes a worker's session recopies that session's attendances
and recomputes the worker's months whole (a few dozen rows), in the same transaction, so no
code path that writes sessions through the ORM can leave them stale. Bulk statements rebuild
both tables at commit (see the package's docstring)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import chain

from sqlalchemy import Connection, delete, event, insert, inspect, select, true
from sqlalchemy.orm import Session

from ..models import (
    Attendance,
    SessionParticipant,
    SessionStatus,
    SupervisionMonth,
    SupervisionSession,
)
from . import Plan, lock_workers, note, rebuild_after_bulk_dml, taken

A, P, S, M = Attendance, SessionParticipant, SupervisionSession, SupervisionMonth
# Rows run on after the last held session for as long as the longest interval an admin may
# set (365 days) can still reach back to it: 13 months of at least 28 days, and one more.
TRAILING_MONTHS = 14
COUNTED = ("held_on", "minutes", "status", "cancel_reason")  # session fields copied or summed
CHUNK = 1000  # workers per batch when rebuilding everything
SESSIONS, WORKERS = "derived.attendance_sessions", "derived.month_workers"
CHANGED, STALE = "derived.changed_sessions", "derived.supervision_stale"


def add_months(first: date, n: int) -> date:
    years, month = divmod(first.month - 1 + n, 12)
    return date(first.year + years, month + 1, 1)


def months_of(worker_id: int, held: list[tuple[date, int]]) -> list[dict]:
    """The table's rows for one worker from their held sessions' (day, minutes)."""
    by_month: dict[date, tuple[date, int]] = {}
    for day, minutes in held:
        key = day.replace(day=1)
        latest, total = by_month.get(key, (day, 0))
        by_month[key] = (max(latest, day), total + (minutes or 0))
    if not by_month:
        return []
    rows, previous = [], None
    month, last = min(by_month), add_months(max(by_month), TRAILING_MONTHS)
    while month <= last:
        latest, minutes = by_month.get(month, (None, 0))
        rows.append(
            {
                "worker_id": worker_id,
                "month": month,
                "latest": latest,
                "previous": previous,
                "minutes": minutes,
            }
        )
        previous = latest or previous
        month = add_months(month, 1)
    return rows


def refresh(conn: Connection, worker_ids: list[int]) -> None:
    """Recompute the rows of these workers from their held sessions."""
    ids = sorted(set(worker_ids))
    if not ids:
        return
    held: dict[int, list] = defaultdict(list)
    for wid, day, minutes in conn.execute(
        select(P.supervisee_id, S.held_on, S.minutes)
        .join(S, S.id == P.session_id)
        .where(S.status == SessionStatus.HELD, P.supervisee_id.in_(ids))
    ):
        held[wid].append((day, minutes))
    conn.execute(delete(M).where(M.worker_id.in_(ids)))
    rows = list(chain.from_iterable(months_of(wid, held[wid]) for wid in ids))
    if rows:
        conn.execute(insert(M), rows)


def refresh_attendance(conn: Connection, session_ids: list[int]) -> None:
    """Recopy these sessions' attendances from their participants."""
    ids = sorted(set(session_ids))
    if not ids:
        return
    conn.execute(delete(A).where(A.session_id.in_(ids)))
    _copy_attendance(conn, P.session_id.in_(ids))


def _copy_attendance(conn: Connection, where) -> None:
    rows = (
        select(P.session_id, P.supervisee_id, S.held_on, S.status, S.cancel_reason, S.minutes)
        .join(S, S.id == P.session_id)
        .where(where)
    )
    columns = ["session_id", "worker_id", "held_on", "status", "cancel_reason", "minutes"]
    conn.execute(insert(A).from_select(columns, rows))


def rebuild(conn: Connection) -> None:
    """Recompute both tables from every session, every worker locked meanwhile."""
    lock_workers(conn, None)
    conn.execute(delete(A))
    _copy_attendance(conn, true())
    conn.execute(delete(M))
    ids = list(conn.scalars(select(P.supervisee_id).distinct().order_by(P.supervisee_id)))
    for i in range(0, len(ids), CHUNK):
        refresh(conn, ids[i : i + CHUNK])


@event.listens_for(SessionParticipant, "after_insert")
@event.listens_for(SessionParticipant, "after_update")
@event.listens_for(SessionParticipant, "after_delete")
def _participant_written(_mapper, _connection, person: SessionParticipant) -> None:
    """Added, removed (a delete-orphan from a session's list too) or changed: that session's
    attendances and that worker's months. A reflection edit recounts too; it is cheap."""
    note(person, SESSIONS, person.session_id)
    note(person, WORKERS, person.supervisee_id)


@event.listens_for(SupervisionSession, "after_update")
def _session_changed(_mapper, _connection, sess: SupervisionSession) -> None:
    attrs = inspect(sess).attrs
    if any(attrs[name].history.has_changes() for name in COUNTED):
        note(sess, CHANGED, sess.id)


@event.listens_for(SupervisionSession, "after_delete")
def _session_deleted(_mapper, _connection, sess: SupervisionSession) -> None:
    note(sess, CHANGED, sess.id)


def collect(session: Session, conn: Connection) -> Plan | None:
    """What this flush's sessions and participants need recomputed, and whose locks."""
    sessions, workers, changed = (taken(session, k) for k in (SESSIONS, WORKERS, CHANGED))
    if not (sessions or workers or changed):
        return None
    if changed:  # the people in a changed session: their months depend on its day or status
        sessions |= changed
        in_them = select(P.supervisee_id).where(P.session_id.in_(sorted(changed)))
        workers.update(conn.scalars(in_them))

    def apply(conn: Connection) -> None:
        refresh_attendance(conn, sorted(sessions))
        refresh(conn, sorted(workers))

    return Plan(set(workers), apply)


rebuild_after_bulk_dml(STALE, (SupervisionSession, SessionParticipant), rebuild)
