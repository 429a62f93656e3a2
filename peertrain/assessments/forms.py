"""Forms for self-assessment and for a supervisor's rating with evidence."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..clock import today
from ..forms import AppForm
from ..inputs import optional_id
from ..models import LEVELS, RatingSource

LEVEL_MESSAGE = "Choose a level from 1 (not yet) to 4 (proficient)."
NOTE_MAX = 4000
EVIDENCE_MESSAGE = (
    "Give at least one piece of evidence: a module they completed, a supervision session "
    "you both took part in, or an observation of practice."
)


def level_field() -> RadioField:
    return RadioField(
        "Level",
        coerce=int,
        choices=[SelectChoice(str(n), f"{n} · {label}") for n, label in LEVELS.items()],
        invalid_value_message=LEVEL_MESSAGE,
        invalid_choice_message=LEVEL_MESSAGE,
    )


def competency_choices(framework) -> list[SelectChoice]:
    """Every competency, grouped by its category for the select's option groups."""
    return [
        SelectChoice(c.code, f"{c.code}: {c.statement}", optgroup=f"{cat.code} · {cat.title}")
        for cat in framework
        for c in cat.competencies
    ]


class _RatingForm(AppForm):
    competency = SelectField(
        "Competency",
        invalid_choice_message="Choose a competency from the list.",
    )
    level = level_field()


class SelfAssessmentForm(_RatingForm):
    note = TextAreaField(
        "Note (optional)",
        validators=[Optional(), Length(max=NOTE_MAX)],
        description="What you did that shows this, or what you want to work on. "
        "Your current supervisor can read it; managers cannot.",
    )


class SupervisorRatingForm(_RatingForm):
    source = RadioField(
        "What the rating is based on",
        choices=[
            SelectChoice(
                RatingSource.SUPERVISOR.value, "Supervision: what they told or showed you"
            ),
            SelectChoice(RatingSource.OBSERVATION.value, "An observation of their practice"),
        ],
        default=RatingSource.SUPERVISOR.value,
        invalid_choice_message="Choose whether this comes from supervision or an observation.",
    )
    note = TextAreaField(
        "Evidence note",
        validators=[
            DataRequired(message="Write what this rating is based on."),
            Length(max=NOTE_MAX),
        ],
        description="What you saw or heard that supports this level. The worker can read it; "
        "managers cannot.",
    )
    # Carries the "no evidence at all" message so it can sit next to the evidence fieldset.
    evidence = HiddenField()
    evidence_module = SelectField(
        "A module they completed",
        coerce=optional_id,
        invalid_choice_message="Choose one of the modules they have completed.",
        invalid_value_message="Choose one of the modules they have completed.",
    )
    evidence_session = SelectField(
        "A supervision session you both took part in",
        coerce=optional_id,
        invalid_choice_message="Choose one of your sessions with them.",
        invalid_value_message="Choose one of your sessions with them.",
    )
    observed_on = DateField(
        "Observed on",
        validators=[Optional()],
        invalid_value_message="Enter the date as day, month and year.",
    )
    observation_setting = StringField(
        "Setting",
        validators=[Optional(), Length(max=120)],
        description="For example: a ward round, a home visit, a peer group.",
    )
    observation_text = TextAreaField(
        "What you saw",
        validators=[Optional(), Length(max=NOTE_MAX)],
    )
    attested = BooleanField("I observed this practice myself and this record is accurate")

    def has_observation(self) -> bool:
        return bool(self.observed_on.raw_data and self.observed_on.raw_data[0].strip()) or any(
            (f.data or "").strip() for f in (self.observation_setting, self.observation_text)
        )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        observation = self.has_observation() or self.source.data == RatingSource.OBSERVATION
        if observation:
            ok = self._check_observation() and ok
        if not (observation or self.evidence_module.data or self.evidence_session.data):
            self.evidence.errors = [*self.evidence.errors, EVIDENCE_MESSAGE]
            ok = False
        return ok

    def _check_observation(self) -> bool:
        """An observation is evidence only when complete and attested by the rater."""
        ok = True
        if not self.observed_on.errors:
            if self.observed_on.data is None:
                self.observed_on.errors = ["Enter the date you observed this."]
                ok = False
            elif self.observed_on.data > today():
                self.observed_on.errors = ["The observation date cannot be in the future."]
                ok = False
        if not (self.observation_setting.data or "").strip():
            self.observation_setting.errors = [
                *self.observation_setting.errors,
                "Say where you observed this.",
            ]
            ok = False
        if not (self.observation_text.data or "").strip():
            self.observation_text.errors = [
                *self.observation_text.errors,
                "Describe what you saw.",
            ]
            ok = False
        if not self.attested.data:
            self.attested.errors = ["Confirm that you observed this yourself."]
            ok = False
        return ok
