"""Peer-values rating queries, pure functions of a session and filters.

Supervisee ratings leave these functions only as means over a cell (one team or one
supervisor, one calendar quarter) with at least SMALL distinct raters AND SMALL sessions
behind it. Every wider figure (a team over the period, all teams) is pooled from cells that
pass on their own, and the period is always whole quarters, so that comparing two filters
(team, dates) only subtracts shown cells from each other and never isolates one rater. No
function returns a rater, a session, or a comment to anyone but the rater, except the comments
their raters chose to share, returned to that supervisor without names, sessions or dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..clock import today
from ..models import (
    SessionParticipant,
    SessionStatus,
    SuperviseeValuesRating,
    SupervisionSession,
    SupervisorValuesRating,
    Team,
    ValuesRated,
)
from ..reports.filters import Filters
from ..reports.queries.base import bucket_of, in_teams, quarter_buckets, workers
from ..reports.wellbeing import whole_quarters
from .values_labels import SMALL, VALUES

R, V, S, M = SuperviseeValuesRating, ValuesRated, SupervisionSession, SupervisorValuesRating
TREND_QUARTERS = 8


def passes(cell: dict) -> bool:
    return cell["raters"] >= SMALL and cell["sessions"] >= SMALL


def pooled(cells: list[dict]) -> dict | None:
    """Means per value and overall over the cells that pass; None when none does."""
    ok = [c for c in cells if passes(c)]
    n = sum(c["ratings"] for c in ok)
    if not n:
        return None
    out = {name: round(sum(c["sums"][name] for c in ok) / n, 2) for name in VALUES}
    out["overall"] = round(sum(out[name] for name in VALUES) / len(VALUES), 2)
    return out | {"ratings": n}


def _cells(session: Session, key_r, key_v, where_r, where_v, buckets) -> dict[tuple, dict]:
    """Per (key, quarter): ratings, sums per value, distinct sessions, distinct raters."""
    q_r, q_v = bucket_of(S.held_on, buckets).label("q"), bucket_of(S.held_on, buckets).label("q")
    sums = [func.sum(getattr(R, name)) for name in VALUES]
    rows = session.execute(
        select(key_r, q_r, func.count(), func.count(func.distinct(R.session_id)), *sums)
        .join(S, S.id == R.session_id)
        .where(*where_r)
        .group_by(key_r, q_r)
    )
    out = {}
    for key, q, n, sessions, *s in rows:
        out[(key, q)] = {"ratings": n, "sessions": sessions, "raters": 0,
                         "sums": dict(zip(VALUES, s, strict=True))}  # fmt: skip
    raters = session.execute(
        select(key_v, q_v, func.count(func.distinct(V.rater_id)))
        .join(S, S.id == V.session_id)
        .where(*where_v)
        .group_by(key_v, q_v)
    )
    for key, q, n in raters:
        if (key, q) in out:
            out[(key, q)]["raters"] = n
    return out


def period(f: Filters) -> Filters:
    return replace(whole_quarters(f), team_id=f.team_id)


def team_cells(session: Session, f: Filters) -> dict:
    """{"quarters", "teams": [(id, name)], "cells": {(team_id, q): cell}} for the teams in the
    filters with workers or with supervisee ratings in the whole quarters."""
    g = period(f)
    buckets = quarter_buckets(g.start, g.end)
    where = [S.held_on >= g.start, S.held_on <= g.end]
    cells = _cells(session, R.team_id, V.team_id, [*where, in_teams(R.team_id, g.teams)],
                   [*where, in_teams(V.team_id, g.teams)], buckets)  # fmt: skip
    w = workers(g)
    ids = {k for k, _ in cells} | set(session.scalars(select(w.c.team_id).distinct()))
    names = dict(session.execute(select(Team.id, Team.name).where(Team.id.in_(list(ids)))).all())
    teams = sorted(((t, names.get(t)) for t in ids), key=lambda r: r[1] or "~")
    return {"quarters": [b.label for b in buckets], "teams": teams, "cells": cells, "period": g}


def team_scores(session: Session, f: Filters) -> list[dict]:
    """Per team: its pooled supervisee means over the period (None: not enough responses)."""
    data = team_cells(session, f)
    by_team: dict[int, list] = {}  # one pass over the cells, not one per team
    for (k, _), c in data["cells"].items():
        by_team.setdefault(k, []).append(c)
    return [
        {"team_id": t, "team": name, "scores": pooled(by_team.get(t, []))}
        for t, name in data["teams"]
    ]


def _trend_buckets():
    end = today()
    start = date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
    for _ in range(TREND_QUARTERS - 1):
        start = date(start.year - (start.month == 1), (start.month - 4) % 12 + 1, 1)
    return quarter_buckets(start, end)


def supervisor_trend(session: Session, supervisor_id: int) -> list[dict]:
    """Per quarter: the supervisor's own mean self-rating, and their supervisees' pooled
    means when that quarter passes (else None)."""
    buckets = _trend_buckets()
    where = [S.supervisor_id == supervisor_id, S.held_on >= buckets[0].start]
    cells = _cells(session, S.supervisor_id, S.supervisor_id, where, where, buckets)
    q = bucket_of(S.held_on, buckets).label("q")
    means = [func.avg(getattr(M, name)) for name in VALUES]
    own = {
        qi: (n, [float(m) for m in ms])
        for qi, n, *ms in session.execute(
            select(q, func.count(), *means).join(S, S.id == M.session_id).where(*where).group_by(q)
        )
    }
    out = []
    for b in buckets:
        n, ms = own.get(b.index, (0, None))
        mine = None if not n else round(sum(ms) / len(ms), 2)
        cell = cells.get((supervisor_id, b.index))
        out.append({"quarter": b.label, "self_ratings": n, "self": mine,
                    "supervisees": pooled([cell]) if cell else None})  # fmt: skip
    return out


def shared_comments(session: Session, supervisor_id: int) -> list[str]:
    """Comments supervisees chose to share with this supervisor: text only, in alphabetical
    order, so that neither order nor date points to a session or a person."""
    stmt = (
        select(R.comment)
        .join(S, S.id == R.session_id)
        .where(S.supervisor_id == supervisor_id, R.share_comment.is_(True), R.comment.is_not(None))
    )
    return sorted(session.scalars(stmt), key=str.casefold)


def rateable_sessions(session: Session, user_id: int) -> list[tuple]:
    """The supervisee's held sessions of the last year, newest first, and whether rated."""
    since = today() - timedelta(days=366)
    rated = select(V.session_id).where(V.rater_id == user_id)
    stmt = (
        select(S, S.id.in_(rated))
        .join(SessionParticipant, SessionParticipant.session_id == S.id)
        .where(SessionParticipant.supervisee_id == user_id, S.status == SessionStatus.HELD)
        .where(S.held_on >= since)
        .order_by(S.held_on.desc())
    )
    return list(session.execute(stmt).all())
