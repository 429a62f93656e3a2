"""One source of the current time: naive UTC datetimes, stored the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    return utcnow().date()
