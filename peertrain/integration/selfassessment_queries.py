"""Figures the reports did not have yet: supervisor pathway completion, and the role-drift
log count (read only once the role-drift log's table exists)."""

from __future__ import annotations

from sqlalchemy import case, func, inspect, select
from sqlalchemy.orm import Session

from ..models import Module, PathwayModule, Role, User, UserRole
from ..reports.filters import Filters
from ..reports.queries.base import in_teams
from ..reports.queries.training import completed_pairs

DRIFT_LOG_TABLE = "drift_entry"  # the role-drift log's table (issue 16, the other part)


def supervisors(f: Filters):
    """Active users holding the supervisor role in the teams covered (one row each, `id`)."""
    return (
        select(User.id.label("id"), User.team_id.label("team_id"))
        .join(UserRole, (UserRole.user_id == User.id) & (UserRole.role == Role.SUPERVISOR))
        .where(User.active.is_(True), in_teams(User.team_id, f.teams))
        .subquery("supervisors")
    )


def supervisor_pathway(session: Session, f: Filters) -> dict:
    """Supervisors who had completed, in any version, every required current module on the
    peer-supervisor pathway by the end date; the same completion rule as the peer workers'
    training report (reports.queries.training.completed_pairs)."""
    required = (
        select(PathwayModule.slug)
        .join(Module, (Module.slug == PathwayModule.slug) & Module.is_current.is_(True))
        .where(PathwayModule.for_role == Role.SUPERVISOR.value, Module.required.is_(True))
        .distinct()
        .subquery("required")
    )
    modules = session.scalar(select(func.count()).select_from(required)) or 0
    s = supervisors(f)
    done = completed_pairs(f, s)
    per = (
        select(s.c.id, func.count(done.c.slug).label("n"))
        .select_from(s)
        .outerjoin(done, (done.c.wid == s.c.id) & done.c.slug.in_(select(required.c.slug)))
        .group_by(s.c.id)
        .subquery("per_supervisor")
    )
    total, complete = session.execute(
        select(
            func.count(), func.coalesce(func.sum(case((per.c.n >= modules, 1), else_=0)), 0)
        ).select_from(per)
    ).one()
    return {"supervisors": int(total), "complete": int(complete), "modules": int(modules)}


def drift_log_available(session: Session) -> bool:
    """The role-drift log is another part of issue 16: its count is shown once its table is
    in the database, and until then the measure says so instead of showing zero."""
    return inspect(session.get_bind()).has_table(DRIFT_LOG_TABLE)
