"""The base of every form in the app (Flask-Admin's too): input checks no field can forget.

Before a form's own validators run, each field (in nested rows too) gets one more check: text
that had control characters removed is refused with a message next to the field (the text
stays in the box, now clean: see `peertrain/controls.py`), dates must fall within the window of
`peertrain/inputs.py`, and whole numbers within the database's INTEGER range. A test checks
that every FlaskForm subclass derives from this one.
"""

from __future__ import annotations

from datetime import date

from flask import has_request_context, request
from flask_wtf import FlaskForm
from wtforms import Field, FieldList, FormField, HiddenField, StringField
from wtforms.validators import ValidationError

from .controls import MESSAGE as CONTROL_MESSAGE
from .inputs import DATE_MESSAGE, INT_MAX, date_in_window

NUMBER_MESSAGE = "That number is too large."


def leaves(fields) -> list[Field]:
    """Every field that holds a value, inside repeated rows and sub-forms too."""
    out: list[Field] = []
    for field in fields:
        if isinstance(field, FieldList):
            out.extend(leaves(field.entries))
        elif isinstance(field, FormField):
            out.extend(leaves(field.form))
        else:
            out.append(field)
    return out


def check_input(form, field) -> None:
    removed = getattr(request, "controls_removed", ()) if has_request_context() else ()
    typed = isinstance(field, StringField) and not isinstance(field, HiddenField)
    if typed and field.name in removed:
        raise ValidationError(CONTROL_MESSAGE)
    data = field.data
    if isinstance(data, date) and not date_in_window(data):
        raise ValidationError(DATE_MESSAGE)
    if isinstance(data, int) and not isinstance(data, bool) and abs(data) > INT_MAX:
        raise ValidationError(NUMBER_MESSAGE)


def add_input_checks(form) -> None:
    for field in leaves(form):
        if check_input not in field.validators:
            # A new list: the old one is shared by every instance of the form class.
            field.validators = [check_input, *field.validators]


class AppForm(FlaskForm):
    """FlaskForm plus the checks above."""

    def validate(self, extra_validators=None) -> bool:
        add_input_checks(self)
        return super().validate(extra_validators)
