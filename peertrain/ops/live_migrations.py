"""Helpers that let a migration run against a live PostgreSQL without blocking the app.

An index on a large table is built CONCURRENTLY (no write lock; it must run outside a
transaction), and a backfill runs in ranges of workers, each range its own short statement
(committed on its own on PostgreSQL), so no statement holds locks over the whole table or runs
into the statement timeout. SQLite has one writer anyway: there they run as plain statements.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

CHUNK = 1000  # workers per backfill statement


def _is_postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


@contextmanager
def outside_transaction():
    """On PostgreSQL, commit what the migration did so far and run each statement on its own."""
    if _is_postgres():
        with op.get_context().autocommit_block():
            yield
    else:
        yield


def create_index_live(name: str, table: str, columns: list[str], **kw) -> None:
    """CREATE INDEX CONCURRENTLY on PostgreSQL: reads and writes go on while it builds."""
    if _is_postgres():
        with outside_transaction():
            op.create_index(name, table, columns, postgresql_concurrently=True, **kw)
    else:
        op.create_index(name, table, columns, **kw)


def id_ranges(table: str, column: str, size: int = CHUNK) -> Iterator[tuple[int, int]]:
    """Consecutive [lo, hi] ranges of `column` covering every row of `table`."""
    # Names come from the migration's own code, never from input.
    query = sa.text(f"SELECT min({column}), max({column}) FROM {table}")  # noqa: S608
    lo, hi = op.get_bind().execute(query).one()
    if lo is None:
        return
    for start in range(lo, hi + 1, size):
        yield start, start + size - 1


def backfill(table: str, column: str, fill: Callable[[int, int], None]) -> None:
    """Call fill(lo, hi) for each range of worker ids found in table.column."""
    ranges = list(id_ranges(table, column))
    with outside_transaction():
        for lo, hi in ranges:
            fill(lo, hi)
