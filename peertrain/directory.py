"""Who supervises whom today: the people lookups every feature shares."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload

from .authz import current_assignment_clause, supervisee_ids_stmt
from .extensions import db
from .models import SupervisionAssignment, User


def current_supervisees(supervisor_id: int, *, with_roles: bool = True) -> list[User]:
    """Each current supervisee once (overlapping assignments must not list someone twice),
    their team in the same statement; `with_roles=False` for a page that never reads their
    roles (the supervisor's home), which saves the roles' statement."""
    options = [joinedload(User.team)] + ([] if with_roles else [lazyload(User.role_rows)])
    return list(
        db.session.scalars(
            select(User)
            .where(User.id.in_(supervisee_ids_stmt(supervisor_id)))
            .order_by(User.name)
            .options(*options)
        )
    )


def supervisor_ids_stmt(user_id: int):
    return select(SupervisionAssignment.supervisor_id).where(
        SupervisionAssignment.supervisee_id == user_id, current_assignment_clause()
    )


def current_supervisors(user_id: int) -> list[User]:
    """Shown by name on the worker's pages; their roles are read only if something asks."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.id.in_(supervisor_ids_stmt(user_id)))
            .order_by(User.name)
            .options(lazyload(User.role_rows))
        )
    )
