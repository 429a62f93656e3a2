"""The dialect's INSERT, for atomic INSERT ... ON CONFLICT upserts on PostgreSQL and SQLite."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_for(session: Session):
    """`insert` with on_conflict_do_update/do_nothing for the session's database (both
    dialects spell it the same way, so callers write one statement)."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
