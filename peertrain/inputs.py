"""Request values parsed once, safely: ASCII digits only ("²" passes str.isdigit), bounded."""

from __future__ import annotations

from flask import request

# Far beyond any real list, and small enough that page × page size never overflows a column.
MAX_PAGE = 1_000_000


def page_number(name: str = "page") -> int:
    """A 1-based page from the query string; anything else is the first page."""
    raw = request.args.get(name, "1")
    if not (raw.isascii() and raw.isdigit()):
        return 1
    page = int(raw)
    return page if 1 <= page <= MAX_PAGE else 1
