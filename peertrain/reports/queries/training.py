"""Training completion per module × team, with required modules overdue."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import case, func, select, true
from sqlalchemy.orm import Session

from ...models import Module, ModuleProgress, PathwayModule, ProgressStatus, Role, Team
from ..filters import Filters
from .base import Targets, among_workers, day_after, pct, same_team, workers


def pathway_modules():
    """Current versions of the modules on the peer worker (trainee) pathways, one row per slug.
    `required` is the module's own flag: only required modules can be overdue."""
    return (
        select(
            PathwayModule.slug.label("slug"),
            func.min(PathwayModule.position).label("position"),
            func.max(Module.title).label("title"),
            func.max(case((Module.required.is_(True), 1), else_=0)).label("required"),
        )
        .join(Module, (Module.slug == PathwayModule.slug) & Module.is_current.is_(True))
        .where(PathwayModule.for_role == Role.TRAINEE.value)
        .group_by(PathwayModule.slug)
        .subquery("pathway")
    )


def completed_pairs(f: Filters, w):
    """(worker, slug) for every module a worker had completed, in any version, by the end date."""
    return (
        select(ModuleProgress.user_id.label("wid"), Module.slug.label("slug"))
        .join(Module, Module.id == ModuleProgress.module_id)
        .where(
            ModuleProgress.status == ProgressStatus.COMPLETED,
            ModuleProgress.completed_at < day_after(f.end),
            among_workers(ModuleProgress.user_id, f, w),
        )
        .distinct()
        .subquery("done")
    )


def past_due(f: Filters, t: Targets, w):
    """SQL: the worker's required modules were due by the end date (start + due days < end;
    an unknown start date counts as long past)."""
    cutoff = f.end - timedelta(days=t.modules_due_days)
    return w.c.start_date.is_(None) | (w.c.start_date < cutoff)


def module_completion(session: Session, f: Filters, t: Targets) -> list[dict]:
    """One row per team × pathway module: workers, completed by the end date, and (for
    required modules) workers past their due date who have not completed it."""
    w = workers(f)
    due = case((past_due(f, t, w), 1), else_=0)
    heads = (
        select(w.c.team_id, func.count().label("workers"), func.sum(due).label("past_due"))
        .group_by(w.c.team_id)
        .subquery("heads")
    )
    done = completed_pairs(f, w)
    comp = (
        select(
            w.c.team_id,
            done.c.slug,
            func.count().label("completed"),
            func.sum(due).label("completed_past_due"),
        )
        .select_from(done)
        .join(w, w.c.id == done.c.wid)
        .group_by(w.c.team_id, done.c.slug)
        .subquery("comp")
    )
    mods = pathway_modules()
    completed = func.coalesce(comp.c.completed, 0)
    overdue = case(
        (mods.c.required == 1, heads.c.past_due - func.coalesce(comp.c.completed_past_due, 0)),
        else_=0,
    )
    stmt = (
        select(
            heads.c.team_id,
            Team.name.label("team"),
            mods.c.slug,
            mods.c.title,
            mods.c.required,
            heads.c.workers,
            completed.label("completed"),
            overdue.label("overdue"),
        )
        .select_from(heads)
        .join(mods, true())
        .outerjoin(
            comp,
            same_team(comp.c.team_id, heads.c.team_id) & (comp.c.slug == mods.c.slug),
        )
        .outerjoin(Team, Team.id == heads.c.team_id)
        .order_by(Team.name, heads.c.team_id, mods.c.position, mods.c.slug)
    )
    return [
        {
            "team_id": r.team_id,
            "team": r.team,
            "slug": r.slug,
            "module": r.title,
            "required": bool(r.required),
            "workers": r.workers,
            "completed": int(r.completed),
            "share_completed": pct(int(r.completed), r.workers),
            "overdue": int(r.overdue),
        }
        for r in session.execute(stmt)
    ]


def modules_overdue_by_team(session: Session, f: Filters, t: Targets) -> list[dict]:
    """Per team: workers past their due date with at least one required module not done, and
    the number of (worker, module) pairs overdue. For the findings."""
    w = workers(f)
    mods = pathway_modules()
    done = completed_pairs(f, w)
    missing = (
        select(w.c.id.label("wid"), w.c.team_id.label("team_id"), mods.c.slug)
        .select_from(w)
        .join(mods, mods.c.required == 1)
        .outerjoin(done, (done.c.wid == w.c.id) & (done.c.slug == mods.c.slug))
        .where(done.c.wid.is_(None), past_due(f, t, w))
        .subquery("missing")
    )
    m = missing.c
    agg = (
        select(
            m.team_id,
            func.count(func.distinct(m.wid)).label("workers"),
            func.count().label("pairs"),
        )
        .group_by(m.team_id)
        .subquery("agg")
    )
    heads = select(w.c.team_id, func.count().label("n")).group_by(w.c.team_id).subquery("heads")
    stmt = (
        select(agg, Team.name.label("team"), heads.c.n)
        .join(heads, same_team(heads.c.team_id, agg.c.team_id))
        .outerjoin(Team, Team.id == agg.c.team_id)
        .order_by(Team.name)
    )
    return [
        {
            "team_id": r.team_id,
            "team": r.team,
            "workers_overdue": r.workers,
            "pairs": r.pairs,
            "team_workers": r.n,
        }
        for r in session.execute(stmt)
    ]
