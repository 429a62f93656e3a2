"""One date style on the whole site: every page each role can reach writes dates as "2 Dec 2026"
(peertrain/formatting.py), never ISO or a long month name, in the text people read. Attributes
(`<input value>`, `<time datetime>`) and exports stay ISO."""

from __future__ import annotations

import re
from datetime import date, datetime
from html.parser import HTMLParser

import pytest

from peertrain.formatting import date_time, short_date
from tests.role_pages import html_pages
from tests.test_access import world  # noqa: F401  (the access table's fixture)

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
LONG_MONTH = re.compile(
    r"\b\d{1,2} (January|February|March|April|June|July|August|September|October|November"
    r"|December),? \d{4}\b"
)


class _Text(HTMLParser):
    """The text a person reads: no attributes, nor what is inside form fields or scripts."""

    SKIP = {"textarea", "script", "style", "title"}

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def test_the_helpers_write_day_month_name_year():
    assert short_date(date(2026, 12, 2)) == "2 Dec 2026"
    assert date_time(datetime(2026, 11, 20, 9, 5)) == "20 Nov 2026, 09:05 UTC"
    assert visible_text('<p title="2026-01-01">On <time datetime="2026-01-01">1 Jan 2026</time>'
                        '<input value="2026-01-01"></p>') == "On  1 Jan 2026"  # fmt: skip


@pytest.mark.parametrize("visitor", ["trainee", "supervisor", "manager", "admin"])
def test_no_page_shows_an_iso_or_long_month_date(app, world, visitor):  # noqa: F811
    pages = html_pages(app, world, visitor)
    assert len(pages) >= 3
    offenders = []
    for url, html in sorted(pages.items()):
        text = visible_text(html)
        for pattern in (ISO, LONG_MONTH):
            for match in pattern.finditer(text):
                start = max(0, match.start() - 40)
                offenders.append(f"{url}: …{text[start : match.end() + 20]!r}")
    assert not offenders, "dates not written by formatting.py:\n" + "\n".join(offenders)
