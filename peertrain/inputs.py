"""Request values parsed once, safely: ids, pages, dates and choices, each range-checked.

Every number a visitor can type or put in a URL comes through here, so none reaches the
database out of its column's range (PostgreSQL's INTEGER is 32-bit: 2147483648 would be a
DataError, a 500; SQLite fails above 2^63) and none trips `int()`: "²" passes `str.isdigit()`
but `int("²")` raises, so only ASCII digits count. Dates stay within years 1900..2100, far from
the edges where `date - timedelta` overflows (year 1) or a report period makes no sense.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask import request
from werkzeug.routing import IntegerConverter, UnicodeConverter

# PostgreSQL INTEGER, the type of every id column; SQLite's ids stay within it too.
INT_MAX = 2_147_483_647
# Far beyond any real list, and small enough that page × page size never overflows a column.
MAX_PAGE = 1_000_000
MIN_YEAR, MAX_YEAR = 1900, 2100
DATE_MESSAGE = f"Enter a date between {MIN_YEAR} and {MAX_YEAR}."


def whole_number(raw: object, low: int = 0, high: int = INT_MAX) -> int | None:
    """ASCII digits (surrounding spaces allowed) within [low, high]; anything else is None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if low <= raw <= high else None
    if not isinstance(raw, str):
        return None
    raw = raw.strip()
    # The length check first: int() of a 100,000-digit string is slow for nothing.
    if not raw or len(raw) > 12 or not (raw.isascii() and raw.isdigit()):
        return None
    value = int(raw)
    return value if low <= value <= high else None


def record_id(raw: object) -> int | None:
    """A record id (1..2^31-1), or None: an id out of range is simply "not found"."""
    return whole_number(raw, low=1)


def optional_id(value: object) -> int | None:
    """A select's `coerce` for "none, or a record": '' (or WTForms' "None") is None; anything
    but an id raises ValueError, which WTForms reports as a choice not in the list."""
    if value in (None, "", "None"):
        return None
    number = record_id(value)
    if number is None:
        raise ValueError("not a record id")
    return number


def arg_id(name: str) -> int | None:
    """A record id from the query string, or None when absent or not an id."""
    return record_id(request.args.get(name))


def page_number(name: str = "page") -> int:
    """A 1-based page from the query string; anything else is the first page."""
    return whole_number(request.args.get(name, "1"), low=1, high=MAX_PAGE) or 1


def date_in_window(day: date | None) -> bool:
    return day is None or MIN_YEAR <= day.year <= MAX_YEAR


def iso_date(raw: object) -> date | None:
    """A YYYY-MM-DD date within the window, or None."""
    if not isinstance(raw, str) or not raw.isascii() or len(raw.strip()) != 10:
        return None
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        return None
    return day if date_in_window(day) else None


def choice(raw: object, allowed: Iterable[str]) -> str | None:
    """The value if it is one of the allowed choices, else None."""
    return raw if isinstance(raw, str) and raw in set(allowed) else None


class IdConverter(IntegerConverter):
    """`<int:...>` in every URL rule: ASCII digits, 1..2^31-1. Werkzeug's own accepts any
    Unicode decimal digit ("٣") and any size, so /sessions/2147483648 reached the database."""

    regex = r"[0-9]{1,12}"

    def __init__(self, map, fixed_digits=0, min=1, max=INT_MAX, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=False)


class SegmentConverter(UnicodeConverter):
    """`<name>` (the default converter): one path segment without control characters, which
    no slug, token or key has; /training/%00 reached PostgreSQL as a NUL (a DataError)."""

    def __init__(self, map, minlength=1, maxlength=None, length=None):  # noqa: A002
        super().__init__(map, minlength, maxlength, length)
        self.regex = self.regex.replace("[^/]", r"[^/\x00-\x1f\x7f-\x9f]", 1)


def register(app) -> None:
    """Before any blueprint adds its rules: they compile their converters when added."""
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["id"] = IdConverter
    app.url_map.converters["default"] = app.url_map.converters["string"] = SegmentConverter
