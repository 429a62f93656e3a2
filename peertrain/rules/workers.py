"""Who counts as a peer worker on a day, and which roles follow a pathway: Python and SQL.

Rule: an active account holding the peer worker (trainee) role, who had started by the day
(or whose start is not recorded) and had not left before it. A leaving date is the last
day worked, so someone who leaves on a period's last day still counts for it; report
figures are "as of" the period's last day, so someone who left on its first day does not."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import exists, select

from ..models import Role, User, UserRole

WORKER_ROLE = Role.TRAINEE
# The roles that follow a training pathway (content/pathways `for_role`).
TRAINING_ROLES = (Role.TRAINEE, Role.SUPERVISOR)


def at_work(user: Any, on: date) -> bool:
    """Python form: active, started by `on`, not left before it (any role)."""
    started = user.start_date is None or user.start_date <= on
    stayed = user.left_on is None or user.left_on >= on
    return bool(user.active) and started and stayed


def is_worker(user: Any, on: date) -> bool:
    """Python form: a peer worker on `on`."""
    return user.has_role(WORKER_ROLE) and at_work(user, on)


def at_work_sql(on: date, user=User):
    """SQL form of at_work, on the User entity (or an alias of it)."""
    return (
        user.active.is_(True)
        & (user.start_date.is_(None) | (user.start_date <= on))
        & (user.left_on.is_(None) | (user.left_on >= on))
    )


def worker_role_join(user=User, role_row=UserRole):
    """SQL: join condition to the user's peer-worker role row (one row per worker)."""
    return (role_row.user_id == user.id) & (role_row.role == WORKER_ROLE)


def is_worker_sql(on: date, user=User):
    """SQL form of is_worker, as a condition (no join needed)."""
    role = select(UserRole.user_id).where(worker_role_join(user)).correlate(user)
    return at_work_sql(on, user) & exists(role)
