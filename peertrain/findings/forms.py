"""Forms for finding work: a short note, the owner, and the bare buttons (CSRF only)."""

from __future__ import annotations

from wtforms import SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from ..forms import AppForm
from ..inputs import optional_id
from .services import NOTE_MAX


class NoteForm(AppForm):
    text = TextAreaField(
        "Add a note",
        validators=[
            InputRequired(message="Write the note before adding it."),
            Length(max=NOTE_MAX, message=f"Keep it to {NOTE_MAX} characters or fewer."),
        ],
        description=(
            f"Up to {NOTE_MAX} characters: what is being done, by whom, by when. Managers of "
            "this team read it. Never copy in supervision notes, reflections or anything a "
            "worker wrote or said in confidence, and name no one's health."
        ),
    )


class AssignForm(AppForm):
    owner = SelectField(
        "Assign to",
        coerce=optional_id,
        validate_choice=False,
        validators=[InputRequired(message="Choose a manager.")],
        description="Managers whose teams include this finding's team.",
    )

    def validate_owner(self, field):
        # Checked here rather than by WTForms' own "Not a valid choice", to say what to do.
        if field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Choose one of the managers listed.")


class ButtonForm(AppForm):
    """Acknowledge and mark handled: nothing to fill in, but the token is checked."""
