"""Read-only lookups behind the home pages."""

from __future__ import annotations

from sqlalchemy import func, select

from ..authz import managed_team_ids
from ..clock import today
from ..extensions import db
from ..models import Team, User, UserRole
from ..rules.workers import at_work_sql, worker_role_join


def teams_in_scope(manager: User) -> list[tuple[Team, int]]:
    """Teams the manager sees, each with its number of peer workers today (the reports' rule,
    peertrain/rules/workers.py)."""
    scope = managed_team_ids(manager)
    workers = (
        select(User.team_id, func.count(User.id).label("n"))
        .join(UserRole, worker_role_join())
        .where(at_work_sql(today()))
        .group_by(User.team_id)
        .subquery()
    )
    stmt = (
        select(Team, func.coalesce(workers.c.n, 0))
        .outerjoin(workers, workers.c.team_id == Team.id)
        .order_by(Team.name)
    )
    if scope is not None:
        stmt = stmt.where(Team.id.in_(scope or {-1}))
    return [(team, n) for team, n in db.session.execute(stmt).all()]
