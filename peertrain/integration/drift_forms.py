"""The role-drift log form: three choices and a day, made for a phone and working without JS."""

from __future__ import annotations

from datetime import timedelta

from wtforms import DateField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..clock import today
from ..forms import AppForm
from .drift_labels import ASKERS, DONE, TASKS

OLDEST_DAYS = 366  # a log is of recent work; older entries would distort the quarters


def _choices(labels: dict) -> list[tuple[str, str]]:
    return [(k.value, text) for k, text in labels.items()]


class DriftForm(AppForm):
    task = RadioField(
        "What were you asked to do?",
        choices=_choices(TASKS),
        validators=[InputRequired("Choose what you were asked to do.")],
    )
    asked_by = RadioField(
        "Who asked you?",
        choices=_choices(ASKERS),
        validators=[InputRequired("Choose who asked (their role, not their name).")],
    )
    done = RadioField(
        "Did you do it?",
        choices=_choices(DONE),
        validators=[InputRequired("Choose yes, no or partly.")],
    )
    happened_on = DateField("When", validators=[InputRequired("Enter the day it happened.")])
    note = TextAreaField(
        "Private note (optional)",
        description="Only you and your current supervisor can read this. No names, please.",
        validators=[Optional(), Length(max=2000, message="Keep the note under 2,000 characters.")],
    )

    def validate_happened_on(self, field) -> None:
        if field.data is None:  # not a date: its own message is already next to the field
            return
        if field.data > today():
            raise ValidationError("The day cannot be in the future.")
        if field.data < today() - timedelta(days=OLDEST_DAYS):
            raise ValidationError("Log things from the last year only.")
