"""Reads every request makes, run from statements built once per process.

Building a SELECT and finding its compiled form cost this app about as much as PostgreSQL
took to answer it (the section page's lookup: 0.6 ms built per request, 0.3 ms built once
and run on the connection). So the hottest reads are built once, under `functools.cache`,
with bind parameters, and a column-only one runs through `rows`, which also skips the ORM's
per-execution setup."""

from __future__ import annotations

from .extensions import db


def rows(statement, params: dict):
    """A column-only statement's result in the session's transaction. Pending ORM changes are
    flushed first, as session.execute would, so a read after a write in one request sees it."""
    session = db.session()
    session.flush()
    return session.connection().execute(statement, params)
