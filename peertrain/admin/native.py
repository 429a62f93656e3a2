"""Admin forms with native controls: plain <select> and <input type="date"> instead of
Flask-Admin's select2 and date-picker widgets, and human labels for raw choice values."""

from __future__ import annotations

from wtforms import widgets
from wtforms.fields import DateField, SelectFieldBase
from wtforms.fields.core import UnboundField

# Why native: select2 builds its own combobox (axe: aria-allowed-role; 1,125 px wide on a
# phone), and typing into the date picker's text box mixed the typed and picked dates
# ("0002-01-01026-12-01"). The browser's own controls are keyboard, screen-reader and phone
# friendly, and a date input submits YYYY-MM-DD, which WTForms' DateField reads.
BLANK = "Not set"


def human(value: str) -> str:
    """'in_training' -> 'In training': a stored value read as words."""
    return value.replace("_", " ").strip().capitalize()


def native_controls(form_class):
    """The scaffolded form class with every select and date field given a native widget, and
    labels in sentence case."""
    for name in dir(form_class):
        unbound = getattr(form_class, name, None)
        if not isinstance(unbound, UnboundField):
            continue
        field_class, kwargs = unbound.field_class, unbound.kwargs
        if kwargs.get("label") is None and not unbound.args:  # "Start date", not "Start Date"
            kwargs["label"] = human(name)
        if issubclass(field_class, DateField):
            kwargs["widget"] = widgets.DateInput()
        elif issubclass(field_class, SelectFieldBase):
            multiple = "Multiple" in field_class.__name__
            if not multiple and "CheckboxField" not in field_class.__name__:
                kwargs["widget"] = widgets.Select()
            elif multiple:
                kwargs["widget"] = widgets.Select(multiple=True)
            if kwargs.get("allow_blank") and not kwargs.get("blank_text", "").strip():
                kwargs["blank_text"] = BLANK
            choices = kwargs.get("choices")
            if isinstance(choices, list):
                kwargs["choices"] = [
                    (c[0], human(c[1]) if c[0] == c[1] else c[1])
                    if isinstance(c, tuple) and isinstance(c[1], str)
                    else c
                    for c in choices
                ]
    return form_class
