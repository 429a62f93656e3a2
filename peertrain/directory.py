"""Who supervises whom today: the people lookups every feature shares."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, lazyload

from . import prepared
from .authz import current_assignment_clause, supervisee_ids_stmt
from .clock import today
from .extensions import db
from .models import SupervisionAssignment, User


@prepared.statement
def _supervisees_statement(with_roles: bool):
    # Roles joined into the same statement when wanted (their selectin load was a second).
    roles = joinedload(User.role_rows) if with_roles else lazyload(User.role_rows)
    options = [joinedload(User.team), roles]
    return (
        select(User)
        .where(User.id.in_(supervisee_ids_stmt(bindparam("sup"), bindparam("on"))))
        .order_by(User.name)
        .options(*options)
    )


def current_supervisees(supervisor_id: int, *, with_roles: bool = True) -> list[User]:
    """Each current supervisee once (overlapping assignments must not list someone twice),
    their team and roles in the same statement; `with_roles=False` for a page that never
    reads their roles (the supervisor's home). Built once per process
    (peertrain/prepared.py): every supervisor page starts with it."""
    params = {"sup": supervisor_id, "on": today()}
    return list(db.session.scalars(_supervisees_statement(with_roles), params).unique())


@prepared.statement
def _supervisor_names_statement():
    supervisors = supervisor_ids_stmt(bindparam("uid"), bindparam("on"))
    return select(User.name).where(User.id.in_(supervisors)).order_by(User.name)


def supervisor_names(user_id: int) -> list[str]:
    """The names of a worker's current supervisors, in order (built once, read as columns)."""
    rows = prepared.rows(_supervisor_names_statement(), {"uid": user_id, "on": today()})
    return [name for (name,) in rows]


def supervisor_ids_stmt(user_id, on=None):
    return select(SupervisionAssignment.supervisor_id).where(
        SupervisionAssignment.supervisee_id == user_id, current_assignment_clause(on)
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
