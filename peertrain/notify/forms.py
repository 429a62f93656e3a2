"""The preferences form: one choice of delivery per kind a person may choose for."""

from __future__ import annotations

from wtforms import RadioField
from wtforms.validators import InputRequired, ValidationError

from ..forms import AppForm
from . import kinds

MESSAGE = "Choose how you want to hear about this."


class DeliveryField(RadioField):
    """A refusal that says what to do, instead of WTForms' "Not a valid choice"."""

    def pre_validate(self, form):
        if self.data not in kinds.DELIVERIES:
            raise ValidationError(MESSAGE)


def field_name(kind: str) -> str:
    return f"kind_{kind}"


def preferences_form(current: dict[str, str]) -> AppForm:
    """Built per request from the registry, so a kind registered by another feature appears
    without touching this file. Posted data (the request's form) wins over `current`."""

    class PreferencesForm(AppForm):
        pass

    for entry in kinds.choosable():
        setattr(
            PreferencesForm,
            field_name(entry.kind),
            DeliveryField(
                entry.label,
                choices=list(kinds.DELIVERIES.items()),
                validators=[InputRequired(MESSAGE)],
                default=current.get(entry.kind, entry.default),
            ),
        )
    return PreferencesForm()


def chosen(form) -> dict[str, str]:
    return {e.kind: getattr(form, field_name(e.kind)).data for e in kinds.choosable()}
