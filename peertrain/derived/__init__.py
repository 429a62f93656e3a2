"""Derived tables the reports read instead of whole histories, kept in step on every write.

Each submodule, when imported (create_app imports this package), listens to the ORM:
mapper events note which source rows a flush inserted, changed or deleted (orphans
included) in `session.info`, and an `after_flush` hook recomputes just the affected derived
rows in the same transaction. Bulk INSERT, UPDATE or DELETE statements on a source table,
which no mapper event sees, are an error (`BulkWriteError`): silently rebuilding the whole
organisation under a lock on every worker is not something a page may trigger by accident.
Seeds and repairs that mean it say so with `bulk_load(session)`, and the families they
touched are rebuilt once, before the commit. Writes that bypass the session altogether (SQL
by hand, another connection) are caught by `flask derived check`, which the test suite runs
after every test; `flask derived rebuild` repairs them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Plan:
    """A family's recount for one flush: the workers it must lock (None: every worker) and
    the recount itself, run once every family's workers are locked."""

    workers: set[int] | None
    apply: Callable[[Connection], None]


def note(target, key: str, *items) -> None:
    """Remember, for this flush's after_flush hook, what a mapper event saw."""
    session = object_session(target)
    if session is not None:
        session.info.setdefault(key, set()).update(items)


def taken(session: Session, key: str) -> set:
    return session.info.pop(key, set())


BULK_ALLOWED = "derived.bulk_allowed"


class BulkWriteError(RuntimeError):
    """A bulk statement on a table the derived tables are computed from, outside bulk_load."""


@contextmanager
def bulk_load(session: Session) -> Iterator[None]:
    """Allow bulk statements on source tables in this block (seeds, repairs): each family
    they touch is rebuilt whole, once, when the session commits."""
    session.info[BULK_ALLOWED] = True
    try:
        yield
    finally:
        session.info.pop(BULK_ALLOWED, None)


def rebuild_after_bulk_dml(key: str, sources: tuple[type, ...], rebuild) -> None:
    """Bulk INSERT/UPDATE/DELETE statements on a source table pass no mapper event: outside
    bulk_load they are refused; inside it they mark the family stale, and it is rebuilt whole
    once, just before the commit."""

    @event.listens_for(Session, "do_orm_execute")
    def _bulk(state: ORMExecuteState) -> None:
        mapper = state.bind_mapper
        writes = state.is_insert or state.is_update or state.is_delete
        if not (writes and mapper is not None and mapper.class_ in sources):
            return
        if not state.session.info.get(BULK_ALLOWED):
            raise BulkWriteError(
                f"A bulk statement on {mapper.class_.__tablename__} would leave the derived "
                "report tables stale: write through the ORM (the services), or wrap a seed "
                "or repair in peertrain.derived.bulk_load(session)."
            )
        state.session.info[key] = True

    @event.listens_for(Session, "before_commit")
    def _rebuild(session: Session) -> None:
        if session.info.pop(key, False):
            rebuild(session.connection())

    @event.listens_for(Session, "after_rollback")
    def _forget(session: Session) -> None:
        session.info.pop(key, None)


from . import competency, supervision  # noqa: E402  (registers the mapper hooks)

FAMILIES = (competency, supervision)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    """Recount what the flush touched, every family's workers locked together in one
    id-ordered statement first: two flushes writing ratings and sessions for overlapping
    workers then queue on the same order and cannot deadlock each other."""
    conn = session.connection()
    plans = [p for p in (family.collect(session, conn) for family in FAMILIES) if p]
    if not plans:
        return
    if any(p.workers is None for p in plans):
        lock_workers(conn, None)
    else:
        lock_workers(conn, sorted(set().union(*(p.workers for p in plans))))
    for plan in plans:
        plan.apply(conn)
