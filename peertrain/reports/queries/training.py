"""Training completion per module × team, with required modules overdue."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import case, func, literal, select, true, union_all
from sqlalchemy.orm import Session, aliased

from ...models import Module, ModuleProgress, PathwayModule, ProgressStatus, Role, Team
from ..filters import Filters
from .base import Targets, among_workers, day_after, pct, same_team, with_team_names, workers


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


def completion_counts(f: Filters, w):
    """(wid, module_id, n): n = +1 for each module version a worker had completed by the end
    date, and -1 for each that repeats an older version of the same module they also completed,
    so the sum per worker and slug is 1 whatever the versions. Summing replaces a DISTINCT over
    every completion (sorted and spilled to disk at 10,000 workers); repeats are looked for only
    among modules that have an older version, usually none. Callers join Module for the slug
    after the UNION, where PostgreSQL still knows how few slugs there are."""
    P, M = ModuleProgress, Module
    by_end = (P.status == ProgressStatus.COMPLETED) & (P.completed_at < day_after(f.end))
    once = select(P.user_id.label("wid"), P.module_id.label("module_id"), literal(1).label("n"))
    once = once.where(by_end, among_workers(P.user_id, f, w))
    older, P2 = aliased(Module), aliased(ModuleProgress)
    has_older = select(M.id).join(older, (older.slug == M.slug) & (older.id < M.id))
    older_done = (
        select(P2.id)
        .join(older, older.id == P2.module_id)
        .join(M, (M.slug == older.slug) & (M.id > older.id))
        .where(
            P2.user_id == P.user_id,
            M.id == P.module_id,
            P2.status == ProgressStatus.COMPLETED,
            P2.completed_at < day_after(f.end),
        )
    )
    repeats = select(P.user_id, P.module_id, literal(-1)).where(
        by_end, P.module_id.in_(has_older), older_done.exists()
    )
    return union_all(once, repeats).subquery("completions")


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
    done = completion_counts(f, w)
    comp = (
        select(
            w.c.team_id,
            Module.slug,
            func.sum(done.c.n).label("completed"),
            func.sum(done.c.n * due).label("completed_past_due"),
        )
        .select_from(done)
        .join(Module, Module.id == done.c.module_id)
        .join(w, w.c.id == done.c.wid)
        .group_by(w.c.team_id, Module.slug)
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
    # Unpacked as tuples: reading a Row's fields by name costs ~0.5 µs each, 16 ms more for the
    # 6,260 rows of an organisation of 626 teams.
    return [
        {
            "team_id": team_id,
            "team": team,
            "slug": slug,
            "module": title,
            "required": bool(required),
            "workers": n,
            "completed": int(completed),
            "share_completed": pct(int(completed), n),
            "overdue": int(overdue),
        }
        for team_id, team, slug, title, required, n, completed, overdue in session.execute(stmt)
    ]


def modules_overdue_by_team(session: Session, f: Filters, t: Targets) -> list[dict]:
    """Per team: workers past their due date with at least one required module not done, and
    the number of (worker, module) pairs overdue. For the findings. Counted per worker (required
    modules minus those done) rather than by listing every missing pair: one pass, no anti-join
    over all completions."""
    w = workers(f)
    mods = pathway_modules()
    required = select(mods.c.slug).where(mods.c.required == 1)
    done = completion_counts(f, w)
    done_required = (
        select(done.c.wid, done.c.n)
        .join(Module, Module.id == done.c.module_id)
        .where(Module.slug.in_(required))
        .subquery("done_required")
    )
    how_many = select(func.count()).select_from(required.subquery()).scalar_subquery()
    late = past_due(f, t, w)
    # Per worker first (grouped by the worker's id, which PostgreSQL can count), then per team.
    per_worker = (
        select(
            w.c.team_id,
            case((late, 1), else_=0).label("late"),
            (how_many - func.coalesce(func.sum(done_required.c.n), 0)).label("missing"),
        )
        .select_from(w)
        .outerjoin(done_required, done_required.c.wid == w.c.id)
        .group_by(w.c.id, w.c.team_id, w.c.start_date)
        .subquery("per_worker")
    )
    pw = per_worker.c
    pairs = func.sum(pw.late * pw.missing)
    stmt = select(
        pw.team_id,
        func.sum(case(((pw.late == 1) & (pw.missing > 0), 1), else_=0)).label("workers"),
        pairs.label("pairs"),
        func.count().label("n"),
    )
    stmt = with_team_names(stmt, pw.team_id).having(pairs > 0).order_by(Team.name)
    return [
        {
            "team_id": r.team_id,
            "team": r.team,
            "workers_overdue": int(r.workers),
            "pairs": int(r.pairs),
            "team_workers": r.n,
        }
        for r in session.execute(stmt)
    ]
