"""The brief peer-values rating of a held session: five 1-5 scales and an optional comment."""

from __future__ import annotations

from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ..forms import AppForm
from .values_labels import SCALE, VALUES


def _scale(name: str) -> RadioField:
    label, hint = VALUES[name]
    return RadioField(
        label,
        description=hint,
        choices=[(str(k), text) for k, text in SCALE.items()],
        coerce=int,
        validators=[InputRequired(f"Choose 1 to 5 for '{label.lower()}'.")],
    )


class ValuesForm(AppForm):
    mutual = _scale("mutual")
    shared_power = _scale("shared_power")
    transparent = _scale("transparent")
    strengths = _scale("strengths")
    person_driven = _scale("person_driven")
    comment = TextAreaField(
        "Comment (optional)",
        validators=[Optional(), Length(max=2000, message="Keep it under 2,000 characters.")],
    )
    share_comment = BooleanField("Share this comment with my supervisor, without my name")

    def scores(self) -> dict[str, int]:
        return {name: getattr(self, name).data for name in VALUES}
