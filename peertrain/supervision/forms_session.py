"""Forms on the session page: addenda, the supervisee's reflection, action items and flags."""

from __future__ import annotations

from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ..forms import AppForm
from ..inputs import record_id
from . import labels
from .fields import NOTE_MAX, NotBlank, choice_list, error_items, people_choices, summary_field


class AddendumForm(AppForm):
    text = TextAreaField(
        "Addendum",
        validators=[
            NotBlank("Write the addendum before adding it."),
            Length(max=NOTE_MAX),
        ],
        description="The record itself stays as it is; this is added below it, dated and signed.",
    )


class ReflectionForm(AppForm):
    reflection = TextAreaField(
        "Your reflection",
        validators=[
            NotBlank("Write your reflection before saving it."),
            Length(max=NOTE_MAX),
        ],
        # Exact on purpose: the reflection belongs to this record, so the supervisor who wrote
        # it reads it even after supervision moves to someone else, who does not.
        description=(
            "Your own thoughts on this session. The supervisor who wrote this record can read "
            "it; nobody else can."
        ),
    )


class ActionForm(AppForm):
    owner = SelectField("Owner", validate_choice=False)
    description = StringField(
        "Action",
        validators=[NotBlank("Describe the action."), Length(max=500)],
    )
    due_on = DateField("Due by (optional)", validators=[Optional()])

    def prepare(self, session) -> ActionForm:
        people = [(p.supervisee_id, p.supervisee.name) for p in session.participants]
        self.owner.choices = people_choices(
            [(session.supervisor_id, session.supervisor.name), *people], "Choose…"
        )
        self._allowed = {session.supervisor_id, *(i for i, _ in people)}
        return self

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not self.owner.data:
            self.owner.errors.append("Choose who owns this action.")
        elif record_id(self.owner.data) not in self._allowed:
            self.owner.errors.append("The owner must be the supervisor or someone in the session.")
        return ok and not error_items(self)


class FlagForm(AppForm):
    kind = SelectField(
        "Kind of flag",
        choices=[SelectChoice("", "Choose…")] + choice_list(labels.FLAGS),
        validators=[InputRequired(message="Choose the kind of flag.")],
    )
    supervisee = SelectField("About", validate_choice=False)
    manager_summary = summary_field()

    def prepare(self, session) -> FlagForm:
        people = [(p.supervisee_id, p.supervisee.name) for p in session.participants]
        self.supervisee.choices = people_choices(people, "The whole session")
        self._allowed = {i for i, _ in people}
        return self

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        value = self.supervisee.data
        if value and record_id(value) not in self._allowed:
            self.supervisee.errors.append("Choose someone in this session.")
        return ok and not error_items(self)
