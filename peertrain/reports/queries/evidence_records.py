"""Drill-down lists of records: cancelled sessions, flags, overdue modules, low ratings.

Names and dates only, never note text; each returns (rows, total) like evidence.py."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ...models import (
    COMPETENT,
    CancelReason,
    Competency,
    CompetencyCategory,
    Flag,
    FlagKind,
    SessionParticipant,
    SessionStatus,
    SupervisionSession,
    Team,
    User,
)
from ..filters import Filters
from .base import Targets, workers
from .competency import levels_as_of
from .evidence import page
from .flags import flag_teams
from .training import completed_pairs, past_due, pathway_modules

P, S = SessionParticipant, SupervisionSession


def cancelled(session: Session, f: Filters, t: Targets, limit, offset, reason=None, **_):
    """Cancelled sessions in the period: date, supervisor, the worker(s) in scope, reason."""
    w = workers(f)
    sup = aliased(User, name="sup")
    stmt = (
        select(
            S.held_on.label("date"),
            sup.name.label("supervisor"),
            w.c.name.label("worker"),
            Team.name.label("team"),
            S.cancel_reason.label("reason"),
        )
        .join(P, P.session_id == S.id)
        .join(w, w.c.id == P.supervisee_id)
        .join(sup, sup.id == S.supervisor_id)
        .outerjoin(Team, Team.id == w.c.team_id)
        .where(S.status == SessionStatus.CANCELLED, S.held_on >= f.start, S.held_on <= f.end)
        .order_by(S.held_on.desc(), S.id.desc(), w.c.name)
    )
    if reason is not None:
        stmt = stmt.where(S.cancel_reason == CancelReason(reason))
    return page(session, stmt, limit, offset)


def flags(session: Session, f: Filters, t: Targets, limit, offset, kind=None, **_):
    """Flags raised in the period: date, team, kind, the worker named, the manager summary."""
    w = workers(f)
    ft = flag_teams(f, w)
    stmt = (
        select(
            ft.c.held_on.label("date"),
            Team.name.label("team"),
            ft.c.kind,
            User.name.label("worker"),
            Flag.manager_summary.label("summary"),
        )
        .join(Flag, Flag.id == ft.c.fid)
        .outerjoin(User, User.id == Flag.supervisee_id)
        .outerjoin(Team, Team.id == ft.c.team_id)
        .order_by(ft.c.held_on.desc(), ft.c.fid.desc(), Team.name)
    )
    if kind is not None:
        stmt = stmt.where(ft.c.kind == FlagKind(kind))
    return page(session, stmt, limit, offset)


def modules(session: Session, f: Filters, t: Targets, limit, offset, module=None, **_):
    """Required modules not completed by workers past their due date."""
    w = workers(f)
    mods = pathway_modules()
    done = completed_pairs(f, w)
    stmt = (
        select(
            w.c.name.label("worker"),
            Team.name.label("team"),
            w.c.start_date,
            mods.c.title.label("module"),
        )
        .select_from(w)
        .join(mods, mods.c.required == 1)
        .outerjoin(done, (done.c.wid == w.c.id) & (done.c.slug == mods.c.slug))
        .outerjoin(Team, Team.id == w.c.team_id)
        .where(done.c.wid.is_(None), past_due(f, t, w))
        .order_by(Team.name, w.c.name, w.c.id, mods.c.position)
    )
    if module is not None:
        stmt = stmt.where(mods.c.slug == module)
    rows, total = page(session, stmt, limit, offset)
    for r in rows:
        start = r["start_date"]
        r["due"] = start + timedelta(days=t.modules_due_days) if start else None
    return rows, total


def competency(session: Session, f: Filters, t: Targets, limit, offset, category=None, **_):
    """Current levels below competent: worker, competency, level and when it was rated."""
    w = workers(f)
    levels = levels_as_of(f, w)
    stmt = (
        select(
            w.c.name.label("worker"),
            Team.name.label("team"),
            CompetencyCategory.code.label("category"),
            Competency.code.label("competency"),
            levels.c.level,
            levels.c.last.label("rated_at"),
        )
        .select_from(levels)
        .join(w, w.c.id == levels.c.wid)
        .join(Competency, Competency.id == levels.c.competency_id)
        .join(CompetencyCategory, CompetencyCategory.id == Competency.category_id)
        .outerjoin(Team, Team.id == w.c.team_id)
        .where(levels.c.level < COMPETENT)
        .order_by(Team.name, w.c.name, w.c.id, Competency.code)
    )
    if category is not None:
        stmt = stmt.where(CompetencyCategory.code == category)
    rows, total = page(session, stmt, limit, offset)
    for r in rows:
        r["rated_on"] = r.pop("rated_at").date()
    return rows, total
