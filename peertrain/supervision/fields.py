"""Field types and helpers shared by the supervision forms."""

from __future__ import annotations

from datetime import timedelta

from wtforms import FieldList, FormField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, StopValidation

from ..clock import today

NOTE_MAX = 50_000  # a long hour of writing fits many times over
OLDEST_DAYS = 366  # older than a year is almost always a mistyped year


class NotBlank(InputRequired):
    """Required, and spaces alone do not count as writing something."""

    def __call__(self, form, field):
        if not field.raw_data or not str(field.raw_data[0]).strip():
            field.errors[:] = []
            raise StopValidation(self.message)


def choice_list(mapping) -> list[SelectChoice]:
    return [SelectChoice(str(k), v) for k, v in mapping.items()]


def people_choices(pairs, blank: str | None = None) -> list[SelectChoice]:
    head = [SelectChoice("", blank)] if blank is not None else []
    return head + [SelectChoice(str(i), name) for i, name in pairs]


def check_date(field) -> None:
    if field.data is None:
        return
    if field.data > today():
        field.errors.append("The date cannot be in the future.")
    elif field.data < today() - timedelta(days=OLDEST_DAYS):
        field.errors.append("That is more than a year ago. Check the year.")


def note_field(label: str, hint: str) -> TextAreaField:
    return TextAreaField(label, validators=[Length(max=NOTE_MAX)], description=hint)


def summary_field() -> TextAreaField:
    return TextAreaField(
        "Summary for managers (optional)",
        validators=[Length(max=1000)],
        description=(
            "Managers of the worker's team will read exactly this, with the kind of flag and "
            "who it is about. They never see your notes. Leave it empty to share only the kind."
        ),
    )


def error_items(form, prefix: str = "") -> list[tuple[str, str, str]]:
    """(field id, label, message) for every error, rows included. Read fresh from the fields:
    WTForms caches `form.errors` before our cross-field checks add theirs."""
    found = []
    for f in form:
        if isinstance(f, FieldList):
            for n, entry in enumerate(f.entries, start=1):
                found += error_items(entry.form, f"{f.label.text} {n}: ")
        elif isinstance(f, FormField):
            found += error_items(f.form, prefix)
        else:
            found += [(f.id, prefix + f.label.text, e) for e in f.errors if isinstance(e, str)]
    return found
