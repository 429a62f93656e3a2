"""Supervision coverage: who was seen within target, who is overdue, hours per FTE, trend."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Date, case, func, literal, select
from sqlalchemy.orm import Session

from ...models import Attendance, SessionStatus, Team
from ..filters import Filters
from .base import (
    DAYS_PER_MONTH,
    Targets,
    among_workers,
    current_supervisors,
    pct,
    with_team_names,
    workers,
)

# Attendances: each worker's sessions with their day, status and minutes beside them,
# maintained by peertrain/derived/supervision.py so a period is one index range.
A = Attendance


def last_recent_held(f: Filters, t: Targets, w):
    """Each worker's latest held session in the longest interval before the end date; older
    sessions cannot make anyone 'seen within target', so they are not read at all."""
    earliest = min(t.cutoffs(f.end))
    return (
        select(A.worker_id.label("wid"), func.max(A.held_on).label("last"))
        .where(
            A.status == SessionStatus.HELD,
            A.held_on >= earliest,
            A.held_on <= f.end,
            among_workers(A.worker_id, f, w),
        )
        .group_by(A.worker_id)
        .subquery("recent")
    )


def held_in_period(f: Filters, t: Targets, w):
    """Per worker, in one pass over the attendances: the latest held session in the longest
    interval before the end date (as `last`, like last_recent_held) and the held minutes in
    the period."""
    earliest = min(t.cutoffs(f.end))
    return (
        select(
            A.worker_id.label("wid"),
            func.max(case((A.held_on >= earliest, A.held_on), else_=None)).label("last"),
            func.sum(case((A.held_on >= f.start, A.minutes), else_=0)).label("minutes"),
        )
        .where(
            A.status == SessionStatus.HELD,
            A.held_on >= min(earliest, f.start),
            A.held_on <= f.end,
            among_workers(A.worker_id, f, w),
        )
        .group_by(A.worker_id)
        .subquery("held")
    )


def worker_status_columns(f: Filters, t: Targets, w, recent):
    """Per worker: the cutoff that applies, seen within target, overdue (no held session in
    the interval and started before it began, or start unknown)."""
    cutoff_new, cutoff = t.cutoffs(f.end)
    cut = case((w.c.is_new, literal(cutoff_new, Date)), else_=literal(cutoff, Date))
    seen = case((recent.c.last >= cut, 1), else_=0)
    overdue = case(
        (recent.c.last >= cut, 0),
        (w.c.start_date.is_(None) | (w.c.start_date < cut), 1),
        else_=0,
    )
    return seen, overdue


def coverage_by_team(session: Session, f: Filters, t: Targets) -> list[dict]:
    """One row per team, as of the end date: workers, FTE, seen within target, overdue, with no
    current supervisor, supervised by someone with lived experience; and over the period,
    held hours and hours per FTE per month."""
    w = workers(f)
    recent = held_in_period(f, t, w)
    seen, overdue = worker_status_columns(f, t, w, recent)
    sup = current_supervisors(f, w)
    stmt = (
        select(
            w.c.team_id,
            func.count().label("workers"),
            func.sum(w.c.fte).label("fte"),
            func.sum(seen).label("seen"),
            func.sum(overdue).label("overdue"),
            func.sum(case((sup.c.wid.is_(None), 1), else_=0)).label("unsupervised"),
            func.coalesce(func.sum(sup.c.peer), 0).label("peer_supervised"),
            func.coalesce(func.sum(recent.c.minutes), 0).label("minutes"),
        )
        .select_from(w)
        .outerjoin(recent, recent.c.wid == w.c.id)
        .outerjoin(sup, sup.c.wid == w.c.id)
    )
    stmt = with_team_names(stmt, w.c.team_id)
    months = f.days / DAYS_PER_MONTH
    rows = []
    # Unpacked as tuples: reading a row's fields by name costs ~0.5 µs each.
    for team_id, n, fte, seen_n, overdue_n, unsup, peer, minutes, team in session.execute(stmt):
        fte, unsup, peer, minutes = float(fte or 0), int(unsup), int(peer), int(minutes)
        rows.append(
            {
                "team_id": team_id,
                "team": team,
                "workers": n,
                "fte": round(fte, 2),
                "seen": int(seen_n),
                "share_seen": pct(int(seen_n), n),
                "overdue": int(overdue_n),
                "unsupervised": unsup,
                "supervised": n - unsup,
                "peer_supervised": peer,
                "share_peer": pct(peer, n - unsup),
                "hours": round(minutes / 60, 1),
                "hours_per_fte_month": round(minutes / 60 / fte / months, 2) if fte else None,
            }
        )
    return sorted(rows, key=lambda r: (r["team"] or "", r["team_id"] or 0))


NEW_STARTER_DAYS = 60  # "in their first weeks": the window for the hours-before-contact check


def new_starter_minutes(f: Filters, w):
    """Held supervision minutes per worker since the start of the new-starter window."""
    since = f.end - timedelta(days=NEW_STARTER_DAYS)
    return (
        select(A.worker_id.label("wid"), func.sum(A.minutes).label("minutes"))
        .where(A.status == SessionStatus.HELD, A.held_on >= since, A.held_on <= f.end)
        .where(A.worker_id.in_(select(w.c.id).where(w.c.start_date >= since)))
        .group_by(A.worker_id)
        .subquery("starter_minutes")
    )


def new_starters_by_team(session: Session, f: Filters, t: Targets) -> list[dict]:
    """Per team: workers who started in the 60 days up to the end date, and how many of them
    have had fewer supervised hours than the hours-before-client-contact target."""
    w = workers(f)
    since = f.end - timedelta(days=NEW_STARTER_DAYS)
    mins = new_starter_minutes(f, w)
    under = case((func.coalesce(mins.c.minutes, 0) < t.hours_before_contact * 60, 1), else_=0)
    stmt = (
        select(w.c.team_id, func.count().label("starters"), func.sum(under).label("under"))
        .select_from(w)
        .outerjoin(mins, mins.c.wid == w.c.id)
        .where(w.c.start_date >= since)
    )
    stmt = with_team_names(stmt, w.c.team_id).order_by(Team.name)
    return [
        {"team_id": r.team_id, "team": r.team, "starters": r.starters, "under": int(r.under)}
        for r in session.execute(stmt)
    ]
