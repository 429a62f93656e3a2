"""Forms for the self-assessment: start one, a section's items, and the action plan."""

from __future__ import annotations

from wtforms import DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..catalog.instruments import Section
from ..clock import today
from ..forms import AppForm
from ..inputs import optional_id
from ..models import ActionStatus

COMMENT_MAX = 2000
ORG = "org"


class StartForm(AppForm):
    unit = SelectField("Assess", description="The whole organisation, or one of your teams.")
    year = IntegerField(
        "Year",
        validators=[InputRequired(message="Enter the year, such as 2026."),
                    NumberRange(2000, 2100, message="Enter a year from 2000 to 2100.")],
    )  # fmt: skip
    lead = SelectField(
        "Named lead (optional)",
        coerce=optional_id,
        validate_choice=True,
        description="Someone who may also fill it in, such as the peer programme lead.",
    )


def section_form(section: Section, scale: dict[int, str], data=None):
    """A form with a rating (1-3, may be left blank in a draft) and a comment per item."""

    class SectionForm(AppForm):
        pass

    for item in section.items:
        setattr(SectionForm, f"rating_{item.id}", RadioField(
            f"Rating for {item.id}",
            choices=[(str(n), f"{n} · {scale[n]}: {item.anchors[n]}") for n in (1, 2, 3)],
            validators=[Optional()],
            validate_choice=True,
        ))  # fmt: skip
        setattr(SectionForm, f"comment_{item.id}", TextAreaField(
            f"Comment on {item.id}",
            validators=[Length(max=COMMENT_MAX,
                               message=f"Keep it under {COMMENT_MAX} characters.")],
            description="What the rating rests on: examples, documents, what people said.",
        ))  # fmt: skip
    return SectionForm(data=data)


class ActionForm(AppForm):
    description = StringField(
        "Action",
        validators=[InputRequired(message="Say what will be done."),
                    Length(max=500, message="Keep it under 500 characters.")],
    )  # fmt: skip
    owner = SelectField("Owner", coerce=optional_id, validate_choice=True,
                        validators=[InputRequired(message="Choose who owns it.")])  # fmt: skip
    due_on = DateField("Due by", validators=[InputRequired(message="Enter a due date.")])
    item = SelectField("For item (optional)", validate_choice=True)

    def validate_due_on(self, field):
        if field.data and field.data < today():
            raise ValidationError("The due date cannot be in the past.")


class ActionStatusForm(AppForm):
    status = SelectField(
        "Status",
        choices=[(s.value, s.label) for s in ActionStatus],
        validate_choice=True,
    )
