"""Dates as people read them, one way everywhere: for templates (as filters) and sentences."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask

NONE = "—"


def short_date(value: date | str | None) -> str:
    """22 Nov 2026 (the day without a leading zero, written portably rather than with %-d).
    An ISO string (a date kept in a JSON snapshot, e.g. a record's revision) is read first."""
    if isinstance(value, str) and value:
        value = date.fromisoformat(value)
    return f"{value.day} {value.strftime('%b %Y')}" if value else NONE


def date_time(value: datetime | None) -> str:
    """22 Nov 2026, 14:05 UTC: stored times are naive UTC (clock.py), so it is said."""
    return f"{short_date(value)}, {value.strftime('%H:%M')} UTC" if value else NONE


def register(app: Flask) -> None:
    app.add_template_filter(short_date, "short_date")
    app.add_template_filter(date_time, "date_time")
