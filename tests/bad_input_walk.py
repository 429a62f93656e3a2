"""The bad-input walk: what to send (each class of bad value) and where (every rule, its forms).

Helpers for tests/test_bad_input.py. Forms are found by reading the pages a visitor can reach:
each <form method="post"> gives its action and fields with the values the page filled in, so a
bad value in one field travels with valid values in the others and reaches as deep as it can.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

BIG = 100_000
# (name, value) for form fields and query values; each is sent everywhere once.
VALUES: list[tuple[str, str]] = [
    ("nul", "typed text\x00 after a NUL"),
    ("controls", "bell\x07 escape\x1b backspace\x08 del\x7f c1\x85"),
    ("long text", "x" * BIG),
    ("huge number", "99999999999999999999"),
    ("int32+1", "2147483648"),
    ("negative", "-5"),
    ("not a number", "nan"),
    ("beyond a float", "1e309"),
    ("superscript", "²"),
    ("arabic digits", "٣"),
    ("year 1", "0001-01-01"),
    ("year 9999", "9999-12-31"),
]
# Raw (already %-encoded) query strings, each added to every GET URL.
# Different names in one string are read by different code, so they rarely hide each other.
QUERIES: list[str] = [
    "page=-5&team=%C2%B2&id=abc&supervisee=99999999999&sort=99999&page_size=99999999999",
    "page=%C2%B2&team=2147483648&id=2147483648&supervisee=%C2%B2&end=9999-12-31",
    "page=99999999999999999999&team=-1&team=1&id=-1&start=0001-01-01&end=0001-01-01",
    "page=1&page=2&page=abc&start=2026-02-30&desc=2",
    "q=%00&search=%00&status=%00&next=%00&competency=%00&table=%00&all=%00",
    "x=%ff%fe&%ff=%fe&q=%ff%fe&search=%ff%fe&team=&start=&end=",
    "flt0_0=%00&flt1_1=99999999999999999999&flt2_2=0001-01-01&flt3_3=%C2%B2",
]
BAD_IDS = ["0", "-1", "2147483648", str(2**63), "99999999999999999999", "%C2%B2"]
BAD_WORDS = ["edit-9999999999", "addendum-2147483648", "%00", "%ff%fe", "a" * 300]
HTML_CHUNK = 400_000  # pages read for forms: the first part is enough


@dataclass
class FoundForm:
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, valid value)
    names: list[str] = field(default_factory=list)
    typed: set[str] = field(default_factory=set)  # names of the fields people type into


class _FormParser(HTMLParser):
    """Post forms of a page: each field's name and the value the page would submit."""

    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[FoundForm] = []
        self._form: FoundForm | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._radios: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                action = a.get("action") or self.page_url
                self._form = FoundForm(action=action)
                self._radios = {}
            return
        form = self._form
        if form is None or not a.get("name"):
            if tag == "option" and self._select is not None:
                self._option(a)
            return
        name = a["name"]
        if name not in form.names:
            form.names.append(name)
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                if kind == "submit" and "value" in a:
                    form.fields.append((name, a["value"]))
                return
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
                elif kind == "radio":
                    self._radios.setdefault(name, a.get("value", "on"))
                return
            form.fields.append((name, a.get("value", "")))
            if kind != "hidden":
                form.typed.add(name)
        elif tag == "select":
            self._select, self._select_value = name, None
        elif tag == "textarea":
            self._textarea, self._text = name, []
            form.typed.add(name)
        elif tag == "button" and a.get("type", "submit") == "submit" and "value" in a:
            form.fields.append((name, a["value"]))

    def _option(self, a):
        value = a.get("value", "")
        if "selected" in a or (self._select_value in (None, "") and value):
            self._select_value = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        form = self._form
        if form is None:
            return
        if tag == "select" and self._select is not None:
            form.fields.append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            form.fields.append((self._textarea, "".join(self._text) or "Some text."))
            self._textarea = None
        elif tag == "form":
            given = {n for n, _ in form.fields}
            form.fields += [(n, v) for n, v in self._radios.items() if n not in given]
            self.forms.append(form)
            self._form = None


def post_forms(page_url: str, html: str) -> list[FoundForm]:
    parser = _FormParser(page_url)
    parser.feed(html[:HTML_CHUNK])
    return parser.forms


def query_names(html: str) -> set[str]:
    """Names of the fields of the page's GET forms (filters): the query values it reads."""
    names: set[str] = set()
    for form in re.findall(r"<form(?![^>]*method=\"post\")[^>]*>(.*?)</form>", html, re.S | re.I):
        names.update(re.findall(r"\bname=\"([^\"]+)\"", form))
    return names


def path_of(url: str) -> str:
    return urlsplit(url).path


def fill_variants(rule: str, params: dict) -> list[str]:
    """The good URL, then each placeholder in turn given each bad value (ids for <int:>)."""
    out = []
    for match in re.finditer(r"<([^>]+)>", rule):
        conv, _, name = match.group(1).rpartition(":")
        bad_values = BAD_IDS if conv == "int" else BAD_WORDS
        if conv == "path":
            bad_values = ["%00", "..%2f..%2fetc%2fpasswd", "%ff%fe"]
        for bad in bad_values:
            url = rule[: match.start()] + bad + rule[match.end() :]
            out.append(re.sub(r"<([^>]+)>", lambda m: _value(m, rule, params), url))
    return out


def _value(match, rule: str, params: dict) -> str:
    name = match.group(1).split(":")[-1]
    given = params[name]
    return quote(str(given[rule] if isinstance(given, dict) and rule in given else given), "/")
