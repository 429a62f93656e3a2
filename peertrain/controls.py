"""Control characters removed from every submitted value before any code reads it.

A NUL in a note is refused by PostgreSQL (a DataError: the note lost, a 500), and the other
control characters are never typed on purpose: they come from pasting out of other programs or
from attackers. The request itself cleans its form fields and query string, so every reader
(WTForms, Flask-Admin, drafts, kept posts, raw `request.form`) sees clean text; the base form
(`peertrain/forms.py`) then tells the person next to the field and shows what they typed.
Tab, carriage return and line feed stay: multi-line notes need them.
"""

from __future__ import annotations

import re

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

# C0 controls except tab, LF and CR; DEL; the C1 controls.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MESSAGE = (
    "This had an invisible control character (often pasted in from another program), "
    "which has been removed. Check the text and send it again."
)


def without_controls(text: str) -> str:
    return CONTROL.sub("", text)


def _cleaned(values, removed: set[str]) -> ImmutableMultiDict:
    pairs = []
    for key, value in values.items(multi=True):
        clean_key = without_controls(key)
        if isinstance(value, str) and CONTROL.search(value):
            value = without_controls(value)
            removed.add(clean_key)
        pairs.append((clean_key, value))
    return ImmutableMultiDict(pairs)


class CleanRequest(Request):
    """Flask's request, with control characters taken out of form fields and query values.
    `controls_removed` names the fields that had some."""

    @cached_property
    def controls_removed(self) -> set[str]:
        return set()

    @cached_property
    def args(self) -> ImmutableMultiDict:
        return _cleaned(super().args, set())  # a filter, not typed text: nothing to tell

    def _load_form_data(self) -> None:
        if "form" in self.__dict__:
            return
        super()._load_form_data()
        self.__dict__["form"] = _cleaned(self.__dict__["form"], self.controls_removed)


def register(app) -> None:
    app.request_class = CleanRequest
