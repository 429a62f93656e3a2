"""Derived tables the reports read instead of whole histories, kept in step by flush hooks.

Each submodule registers an ORM `after_flush` hook when imported (create_app imports this
package), so every write through the ORM updates them in its own transaction."""

from __future__ import annotations

from sqlalchemy import Connection, select

from ..models import User


def lock_workers(conn: Connection, ids: list[int]) -> None:
    """One writer per worker at a time: a concurrent recount of the same worker waits here,
    then reads what the first one committed (SQLite serialises writers anyway). NO KEY
    UPDATE, so rows elsewhere that merely reference the worker are not blocked."""
    conn.execute(
        select(User.id)
        .where(User.id.in_(sorted(ids)))
        .order_by(User.id)
        .with_for_update(key_share=True)
    )


from . import competency, supervision  # noqa: E402,F401  (registers the hooks)
