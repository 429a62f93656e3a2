"""Reads every request makes: built once in Python, planned once by PostgreSQL.

Building a SELECT and finding its compiled form cost this app about as much as PostgreSQL
took to answer it (the section page's lookup: 0.6 ms built per request, 0.3 ms built once
and run on the connection). So the hottest reads are built once, by a factory under
`@statement`, with bind parameters, and a column-only one runs through `rows`, which also
skips the ORM's per-execution setup.

On the server, planning a page's joins took longer than running them (the supervisor home:
9.5 ms of statements, of which 5 ms planning). A statement built by `@statement` is also a
server-side prepared statement: PostgreSQL plans it with the values given for its first five
runs on a connection, then keeps one plan for it. Nothing else is prepared: a report's plan
depends on its dates and teams, and planned once it ran up to four times slower (psycopg's
own rule, prepare whatever ran five times, is off). psycopg forgets its prepared statements
on every ROLLBACK, and every request used to end with one, as the session closes; a request
whose transaction only read has nothing to undo, so `register` ends it with COMMIT instead
(the same outcome for reads) and the plans stay. Anything that is not a SELECT, a pending ORM
change, a failed statement or an exception leaves the rollback as it was. Behind PgBouncer in
transaction mode without prepared-statement support, set DATABASE_PREPARED_STATEMENTS=0."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from flask import Flask
from sqlalchemy import event

from .extensions import db
from .memo import commit_keeping_loaded

log = logging.getLogger(__name__)
_WROTE = "peertrain.wrote"
_PREPARE = "peertrain_prepare"
# psycopg prepares what it has run this many times on a connection; `prepare=True` (below)
# prepares at once. Out of reach, so only what @statement marks is prepared.
_NEVER_BY_COUNT = 2**31


def statement(factory: Callable) -> Callable:
    """Decorator: the statement (or tuple of statements) the factory builds, built once per
    process and arguments, and marked to be prepared on the server."""

    @functools.cache
    def built(*args):
        made = factory(*args)
        if isinstance(made, tuple):
            return tuple(s.execution_options(**{_PREPARE: True}) for s in made)
        return made.execution_options(**{_PREPARE: True})

    return functools.wraps(factory)(built)


def rows(statement, params: dict):
    """A column-only statement's result in the session's transaction. Pending ORM changes are
    flushed first exactly when session.execute would flush them (autoflush on, not inside
    `no_autoflush` or a flush already under way: SQLAlchemy's own check, hence the private
    call), so a read after a write in one request sees it."""
    session = db.session()
    session._autoflush()
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


def _do_execute(cursor, statement_text, parameters, context) -> bool | None:
    if context.execution_options.get(_PREPARE):
        cursor.execute(statement_text, parameters, prepare=True)
        return True  # done: SQLAlchemy does not execute it again
    return None


def _prepare_only_when_asked(dbapi_connection, _record) -> None:
    dbapi_connection.prepare_threshold = _NEVER_BY_COUNT


def _never_prepare(dbapi_connection, _record) -> None:
    dbapi_connection.prepare_threshold = None


def register(app: Flask) -> None:
    """On PostgreSQL: what @statement built is prepared and stays prepared across requests
    (DATABASE_PREPARED_STATEMENTS, default on; off, nothing is ever prepared)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    with app.app_context():
        engine = db.engine
    if not app.config.get("DATABASE_PREPARED_STATEMENTS", True):
        event.listen(engine, "connect", _never_prepare)
        return
    event.listen(engine, "connect", _prepare_only_when_asked)
    event.listen(engine, "do_execute", _do_execute)
    event.listen(engine, "begin", _began)
    event.listen(engine, "before_cursor_execute", _noted)
    app.teardown_request(_end_reads)
