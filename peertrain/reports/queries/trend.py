"""Twelve-month supervision trend: seen within target at each month's end, hours per FTE."""

from __future__ import annotations

import math
from datetime import timedelta

from sqlalchemy import Date, Integer, case, func, literal, select, true, union_all
from sqlalchemy.orm import Session

from ...models import CertificationStage, SessionParticipant, SessionStatus, SupervisionSession
from ..filters import Filters
from .base import NEW_WORKER_DAYS, Targets, among_workers, bucket_of, month_buckets, pct, workers

P, S = SessionParticipant, SupervisionSession
SHOWN = 12


def _months(buckets, t: Targets):
    """The months as a small derived table (literal SELECTs joined by UNION ALL, which both
    SQLite and PostgreSQL accept), carrying the cutoffs that apply on each month's end."""
    rows = []
    for b in buckets:
        cut_new, cut = t.cutoffs(b.end)
        rows.append(
            select(
                literal(b.index, Integer).label("idx"),
                literal(b.end, Date).label("last"),
                literal(cut_new, Date).label("cut_new"),
                literal(cut, Date).label("cut"),
                literal(b.end - timedelta(days=NEW_WORKER_DAYS), Date).label("new_since"),
            )
        )
    return union_all(*rows).subquery("months")


def monthly_trend(session: Session, f: Filters, t: Targets) -> list[dict]:
    """For each of the 12 months to the end date, over today's workers in the teams covered
    who had started by the month's end: the share seen within their interval at the month's
    end, and held hours in the month per FTE.

    How: one row per (worker, month) with the latest held session in that month; a running
    MAX over each worker's months gives their latest session up to each month's end, compared
    with that month's cutoff. Months before the 12 shown are read only as far back as the
    longest interval can reach."""
    w = workers(f)
    lead = math.ceil(max(t.interval_new_days, t.interval_days) / 28)
    buckets = month_buckets(f.end, SHOWN + lead)
    m = _months(buckets, t)
    month = bucket_of(S.held_on, buckets)
    held = (
        select(
            P.supervisee_id.label("wid"),
            month.label("k"),
            func.max(S.held_on).label("latest"),
            func.sum(S.minutes).label("minutes"),
        )
        .join(S, S.id == P.session_id)
        .where(S.status == SessionStatus.HELD, S.held_on >= buckets[0].start)
        .where(S.held_on <= f.end, among_workers(P.supervisee_id, f, w))
        .group_by(P.supervisee_id, month)
        .subquery("held")
    )
    started = w.c.start_date.is_(None) | (w.c.start_date <= m.c.last)
    is_new = (w.c.stage == CertificationStage.IN_TRAINING) | (w.c.start_date >= m.c.new_since)
    latest = func.max(held.c.latest).over(partition_by=w.c.id, order_by=m.c.idx)
    grid = (
        select(
            m.c.idx,
            case((started, 1), else_=0).label("started"),
            w.c.fte,
            case((is_new, m.c.cut_new), else_=m.c.cut).label("cut"),
            latest.label("latest"),
            held.c.minutes,
        )
        .select_from(w)
        .join(m, true())
        .outerjoin(held, (held.c.wid == w.c.id) & (held.c.k == m.c.idx))
        .subquery("grid")
    )
    g = grid.c
    stmt = (
        select(
            g.idx,
            func.sum(g.started).label("workers"),
            func.sum(case((g.started == 1, g.fte), else_=0)).label("fte"),
            func.sum(case(((g.started == 1) & (g.latest >= g.cut), 1), else_=0)).label("seen"),
            func.coalesce(func.sum(g.minutes), 0).label("minutes"),
        )
        .where(g.idx >= lead)
        .group_by(g.idx)
        .order_by(g.idx)
    )
    rows = []
    for idx, n, fte, seen, minutes in session.execute(stmt):
        b, n, fte = buckets[idx], int(n), float(fte or 0)
        rows.append(
            {
                "month": b.label,
                "month_end": b.end,
                "workers": n,
                "seen": int(seen),
                "share_seen": pct(int(seen), n),
                "hours": round(int(minutes) / 60, 1),
                "hours_per_fte": round(int(minutes) / 60 / fte, 2) if fte else None,
            }
        )
    return rows
