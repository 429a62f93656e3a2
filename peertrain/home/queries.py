"""Read-only lookups behind the home pages."""

from __future__ import annotations

from sqlalchemy import func, select

from ..authz import managed_team_ids
from ..extensions import db
from ..models import Role, Team, User, UserRole


def teams_in_scope(manager: User) -> list[tuple[Team, int]]:
    """Teams the manager sees, each with its number of active peer workers."""
    scope = managed_team_ids(manager)
    workers = (
        select(User.team_id, func.count(User.id).label("n"))
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.TRAINEE, User.active.is_(True))
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
