"""Twelve-month supervision trend: seen within target at each month's end, hours per FTE."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Date, Integer, case, func, literal, select, union_all
from sqlalchemy.orm import Session

from ...models import SupervisionMonth
from ...rules.first_year import is_new_worker_sql, year_before
from ..filters import Filters
from .base import Targets, among_workers, bucket_of, month_buckets, pct, workers
from .coverage import held_in_period, worker_status_columns

M = SupervisionMonth
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
                literal(b.start, Date).label("first"),
                literal(b.end, Date).label("last"),
                literal(cut_new, Date).label("cut_new"),
                literal(cut, Date).label("cut"),
                literal(year_before(b.end), Date).label("year_before"),
            )
        )
    return union_all(*rows).subquery("months")


def _closed_months(f: Filters, t: Targets, w, closed):
    """Seen within interval at each whole month's end, and minutes held in the month, from
    the maintained per-worker months (peertrain/derived/supervision.py): a worker was seen
    if their latest held session in the month, or the latest before it, is on or after the
    cutoff that applied to them on the month's last day."""
    m = _months(closed, t)
    is_new = is_new_worker_sql(w.c.stage, w.c.start_date, m.c.year_before)
    started = w.c.start_date.is_(None) | (w.c.start_date <= m.c.last)
    cut = case((is_new, m.c.cut_new), else_=m.c.cut)
    seen = started & ((M.latest >= cut) | (M.previous >= cut))
    return (
        select(
            m.c.idx.label("idx"),
            func.sum(case((seen, 1), else_=0)).label("seen"),
            func.sum(M.minutes).label("minutes"),
        )
        .select_from(M)
        .join(m, m.c.first == M.month)
        .join(w, w.c.id == M.worker_id)
        .where(M.month >= closed[0].start, M.month <= closed[-1].start)
        .where(among_workers(M.worker_id, f, w))
        .group_by(m.c.idx)
    )


def _final_month(f: Filters, t: Targets, w, final):
    """The month holding the end date may be cut short by it, so it is read from the
    sessions themselves, as the coverage table is: one month of sessions."""
    recent = held_in_period(replace(f, start=final.start), t, w)
    seen, _ = worker_status_columns(f, t, w, recent)
    return (
        select(
            literal(final.index, Integer).label("idx"),
            func.coalesce(func.sum(seen), 0).label("seen"),
            func.sum(recent.c.minutes).label("minutes"),
        )
        .select_from(w)
        .outerjoin(recent, recent.c.wid == w.c.id)
    )


def _headcounts(session: Session, w, buckets) -> list[tuple[int, float]]:
    """(workers, FTE) who had started by each month's end: workers are counted by the month
    they started in (or from the first month, if earlier or unknown) and summed forward."""
    began = bucket_of(w.c.start_date, buckets)
    stmt = select(began, func.count(), func.sum(w.c.fte)).group_by(began)
    counts = [[0, 0.0] for _ in buckets]
    for idx, n, fte in session.execute(stmt):
        counts[idx or 0][0] += n
        counts[idx or 0][1] += float(fte or 0)
    totals, n, fte = [], 0, 0.0
    for month_n, month_fte in counts:
        n, fte = n + month_n, fte + month_fte
        totals.append((n, fte))
    return totals


def monthly_trend(session: Session, f: Filters, t: Targets) -> list[dict]:
    """For each of the 12 months to the end date, over today's workers in the teams covered
    who had started by the month's end: the share seen within their interval at the month's
    end, and held hours in the month per FTE."""
    w = workers(f)
    buckets = month_buckets(f.end, SHOWN)
    stmt = union_all(_closed_months(f, t, w, buckets[:-1]), _final_month(f, t, w, buckets[-1]))
    figures = {
        idx: (int(seen or 0), int(minutes or 0)) for idx, seen, minutes in session.execute(stmt)
    }
    rows = []
    for b, (n, fte) in zip(buckets, _headcounts(session, w, buckets), strict=True):
        seen, minutes = figures.get(b.index, (0, 0))
        rows.append(
            {
                "month": b.label,
                "month_end": b.end,
                "workers": n,
                "seen": seen,
                "share_seen": pct(seen, n),
                "hours": round(minutes / 60, 1),
                "hours_per_fte": round(minutes / 60 / fte, 2) if fte else None,
            }
        )
    return rows
