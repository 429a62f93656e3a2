"""A pooled connection the server has closed is found without a round trip to the server.

`pool_pre_ping` asks the server `;` on every checkout: one more round trip on every request
(a section page made five, the ping one of them). A connection resting in the pool has
nothing to read, so when its socket is readable the server has closed it (a restart, a
failover, `pg_terminate_backend`, an idle timeout) or sent something unasked; either way the
pool is told to throw it away and connect afresh, which is what the ping did. What the check
cannot see is a peer that vanished without closing (a cut cable): the first statement on such
a connection fails, the request answers 503 with what was typed (keep.py), and SQLAlchemy
then replaces every connection the pool held before the failure."""

from __future__ import annotations

import select

from sqlalchemy import event, exc
from sqlalchemy.pool import Pool


def closed_by_server(dbapi_connection) -> bool:
    """True when an idle psycopg connection can no longer be used; False for other drivers
    (SQLite has no server to go away)."""
    pgconn = getattr(dbapi_connection, "pgconn", None)
    if pgconn is None:
        return False
    if dbapi_connection.closed or dbapi_connection.broken:
        return True
    try:
        readable, _, _ = select.select([pgconn.socket], [], [], 0)
    except (OSError, ValueError, dbapi_connection.OperationalError):
        return True
    return bool(readable)


def _on_checkout(dbapi_connection, connection_record, connection_proxy) -> None:
    if closed_by_server(dbapi_connection):
        # The pool invalidates this record and checks out (connects) another.
        raise exc.DisconnectionError("the server closed this pooled connection")


def register() -> None:
    """Once per process, for every pool (the app's and the reports' own)."""
    if not event.contains(Pool, "checkout", _on_checkout):
        event.listen(Pool, "checkout", _on_checkout)
