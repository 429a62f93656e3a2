"""Reads every request makes: built once in Python, planned once by PostgreSQL.

Building a SELECT and finding its compiled form cost this app about as much as PostgreSQL
took to answer it (the section page's lookup: 0.6 ms built per request, 0.3 ms built once
and run on the connection). So the hottest reads are built once, under `functools.cache`,
with bind parameters, and a column-only one runs through `rows`, which also skips the ORM's
per-execution setup.

On the server, planning a page's joins took longer than running them (the supervisor home:
9.5 ms of statements, of which 5 ms planning). psycopg prepares a statement it has run five
times on a connection, so PostgreSQL plans it once, but it forgets them all on every
ROLLBACK, and every request used to end with one: the session closes by rolling back. A
request whose transaction only read has nothing to undo, so `register` ends it with COMMIT
instead (the same outcome for reads) and the plans stay. Anything that is not a SELECT, a
pending ORM change, a failed statement or an exception leaves the rollback as it was.
Behind PgBouncer in transaction mode without prepared-statement support, set
DATABASE_PREPARED_STATEMENTS=0."""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy import event

from .extensions import db
from .memo import commit_keeping_loaded

log = logging.getLogger(__name__)
_WROTE = "peertrain.wrote"


def rows(statement, params: dict):
    """A column-only statement's result in the session's transaction. Pending ORM changes are
    flushed first, as session.execute would, so a read after a write in one request sees it."""
    session = db.session()
    session.flush()
    return session.connection().execute(statement, params)


def _began(conn) -> None:
    conn.info[_WROTE] = False


def _noted(conn, _cursor, statement: str, _parameters, _context, _executemany) -> None:
    # Anything but a plain SELECT counts as a write, a WITH or a SAVEPOINT included: when in
    # doubt the transaction is rolled back, as before.
    if statement[:6].upper() != "SELECT":
        conn.info[_WROTE] = True


def _only_read(session) -> bool:
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return False
    conn = session.connection()
    if conn.info.get(_WROTE, True):
        return False
    from psycopg.pq import TransactionStatus

    return conn.connection.dbapi_connection.info.transaction_status == TransactionStatus.INTRANS


def _end_reads(exc: BaseException | None) -> None:
    if exc is not None:
        return
    session = db.session()
    try:
        if _only_read(session):
            commit_keeping_loaded(session)
    except Exception:  # noqa: BLE001 - the response is sent; the session's close rolls back
        log.warning("ending a read-only transaction failed", exc_info=True)


def register(app: Flask) -> None:
    """On PostgreSQL: connections keep their prepared statements (DATABASE_PREPARED_STATEMENTS,
    default on; off also stops psycopg preparing at all)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    with app.app_context():
        engine = db.engine
    if not app.config.get("DATABASE_PREPARED_STATEMENTS", True):
        event.listen(engine, "connect", _never_prepare)
        return
    event.listen(engine, "begin", _began)
    event.listen(engine, "before_cursor_execute", _noted)
    app.teardown_request(_end_reads)


def _never_prepare(dbapi_connection, _record) -> None:
    dbapi_connection.prepare_threshold = None
