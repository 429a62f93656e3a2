"""Derived tables the reports read instead of whole histories, kept in step on every write.

Each submodule, when imported (create_app imports this package), listens to the ORM:
mapper events note which source rows a flush inserted, changed or deleted (orphans
included) in `session.info`, and an `after_flush` hook recomputes just the affected derived
rows in the same transaction. Bulk INSERT, UPDATE or DELETE statements on a source table,
which no mapper event sees, mark the family stale and it is rebuilt whole before the commit
(the benchmark seed works this way). Only writes that bypass the session altogether (SQL by
hand, another connection) need `flask derived rebuild`."""

from __future__ import annotations

from sqlalchemy import Connection, event, select
from sqlalchemy.orm import ORMExecuteState, Session, object_session

from ..models import User


def lock_workers(conn: Connection, ids: list[int] | None) -> None:
    """One writer per worker at a time: a concurrent recount of the same worker waits here,
    then reads what the first one committed (SQLite serialises writers anyway). `None` locks
    every user, for a rebuild. Always in id order, so two lockers cannot deadlock. NO KEY
    UPDATE, so rows elsewhere that merely reference the worker are not blocked."""
    stmt = select(User.id).order_by(User.id).with_for_update(key_share=True)
    if ids is not None:
        stmt = stmt.where(User.id.in_(sorted(ids)))
    conn.execute(stmt)


def note(target, key: str, *items) -> None:
    """Remember, for this flush's after_flush hook, what a mapper event saw."""
    session = object_session(target)
    if session is not None:
        session.info.setdefault(key, set()).update(items)


def taken(session: Session, key: str) -> set:
    return session.info.pop(key, set())


def rebuild_after_bulk_dml(key: str, sources: tuple[type, ...], rebuild) -> None:
    """Bulk INSERT/UPDATE/DELETE statements on a source table pass no mapper event, so they
    mark the family stale, and it is rebuilt whole once, just before the commit."""

    @event.listens_for(Session, "do_orm_execute")
    def _bulk(state: ORMExecuteState) -> None:
        mapper = state.bind_mapper
        writes = state.is_insert or state.is_update or state.is_delete
        if writes and mapper is not None and mapper.class_ in sources:
            state.session.info[key] = True

    @event.listens_for(Session, "before_commit")
    def _rebuild(session: Session) -> None:
        if session.info.pop(key, False):
            rebuild(session.connection())

    @event.listens_for(Session, "after_rollback")
    def _forget(session: Session) -> None:
        session.info.pop(key, None)


from . import competency, supervision  # noqa: E402,F401  (registers the hooks)
