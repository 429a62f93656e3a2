"""Integration and resourcing flags raised in supervision: by kind, team and quarter."""

from __future__ import annotations

from sqlalchemy import case, func, select, union
from sqlalchemy.orm import Session

from ...models import Flag, FlagKind, SessionParticipant, SupervisionSession, Team, User
from ..filters import Filters
from .base import DAYS_PER_QUARTER, bucket_of, quarter_buckets, same_team, workers

P, S = SessionParticipant, SupervisionSession
# Wellbeing concerns are about a person's health: they never enter these per-team, named
# figures; managers see them only as people counted across their scope (reports/wellbeing.py).
KINDS = [k for k in FlagKind if k is not FlagKind.WELLBEING]


def flag_teams(f: Filters, w, *only):
    """(flag, kind, team, date) for flags raised in sessions in the period about workers
    covered. A flag names its worker; one without a name (a group concern) belongs to the
    teams of the workers in that session. UNION removes the duplicates. `only`: conditions on
    Flag (e.g. has a summary), applied before anything is joined. Never wellbeing flags."""
    # The flags in the period are found once (a CTE) for both halves: finding them means
    # reading every session in the period, which each half used to do again.
    in_period = (
        select(Flag.id.label("fid"), Flag.kind, Flag.supervisee_id, Flag.session_id, S.held_on)
        .join(S, S.id == Flag.session_id)
        .where(S.held_on >= f.start, S.held_on <= f.end, Flag.kind != FlagKind.WELLBEING, *only)
        .cte()  # unnamed: a statement may hold two (two periods)
    )
    fp = in_period.c
    named = select(fp.fid, fp.kind, w.c.team_id, fp.held_on).join(w, w.c.id == fp.supervisee_id)
    unnamed = (
        select(fp.fid, fp.kind, w.c.team_id, fp.held_on)
        .join(P, P.session_id == fp.session_id)
        .join(w, w.c.id == P.supervisee_id)
        .where(fp.supervisee_id.is_(None))
    )
    return union(named, unnamed).subquery("flag_teams")


def headcount(w):
    return select(w.c.team_id, func.count().label("n")).group_by(w.c.team_id).subquery("heads")


def flags_by_team_kind(session: Session, f: Filters) -> list[dict]:
    """Per team × kind: flags in the period, the team's workers, and flags per worker per
    quarter (flags ÷ workers ÷ (days in the period ÷ 91.31))."""
    # Read three times (named flags, group flags, head counts): a CTE finds the workers once.
    w = select(workers(f)).cte("workers_once")
    ft = flag_teams(f, w)
    heads = headcount(w)
    stmt = (
        select(ft.c.team_id, Team.name, ft.c.kind, func.count().label("flags"), heads.c.n)
        .join(heads, same_team(heads.c.team_id, ft.c.team_id))
        .outerjoin(Team, Team.id == ft.c.team_id)
        .group_by(ft.c.team_id, Team.name, ft.c.kind, heads.c.n)
        .order_by(Team.name, ft.c.kind)
    )
    quarters = f.days / DAYS_PER_QUARTER
    return [
        {
            "team_id": team_id,
            "team": team,
            "kind": FlagKind(kind),
            "flags": n,
            "workers": heads_n,
            "rate": round(n / heads_n / quarters, 2),
        }
        for team_id, team, kind, n, heads_n in session.execute(stmt)
    ]


def flags_by_quarter(session: Session, f: Filters) -> list[dict]:
    """Per team × calendar quarter (clipped to the period): flags of each kind."""
    w = workers(f)
    ft = flag_teams(f, w)
    buckets = quarter_buckets(f.start, f.end)
    q = bucket_of(ft.c.held_on, buckets).label("q")
    kinds = KINDS
    by_kind = [func.sum(case((ft.c.kind == k, 1), else_=0)).label(k.value) for k in kinds]
    inner = select(ft.c.team_id, q, *by_kind, func.count().label("total")).group_by(ft.c.team_id, q)
    inner = inner.subquery("quarters")
    stmt = (
        select(inner, Team.name.label("team"))
        .outerjoin(Team, Team.id == inner.c.team_id)
        .order_by(Team.name, inner.c.team_id, inner.c.q)
    )
    names, rows = [k.value for k in kinds], []
    for team_id, q, *counts, total, team in session.execute(stmt):  # tuples: cheaper than names
        row = {"team_id": team_id, "team": team, "quarter": buckets[q].label}
        row.update(zip(names, map(int, counts), strict=True))
        row["total"] = total
        rows.append(row)
    return rows


def manager_summaries(session: Session, f: Filters, limit: int = 100) -> tuple[list[dict], int]:
    """The summaries supervisors wrote for managers on purpose, newest first, with how many
    there are in all (a window count, so one statement whatever the number)."""
    w = workers(f)
    ft = flag_teams(f, w, Flag.manager_summary.is_not(None), Flag.manager_summary != "")
    total = func.count().over().label("total")
    stmt = (
        select(
            ft.c.held_on,
            Team.name.label("team"),
            ft.c.kind,
            User.name.label("worker"),
            Flag.manager_summary,
            total,
        )
        .join(Flag, Flag.id == ft.c.fid)
        .outerjoin(User, User.id == Flag.supervisee_id)
        .outerjoin(Team, Team.id == ft.c.team_id)
        .order_by(ft.c.held_on.desc(), ft.c.fid.desc())
        .limit(limit)
    )
    rows, count = [], 0
    for r in session.execute(stmt):
        count = r.total
        rows.append(
            {
                "date": r.held_on,
                "team": r.team,
                "kind": FlagKind(r.kind),
                "worker": r.worker,
                "summary": r.manager_summary,
            }
        )
    return rows, count
