"""The credential choice form (a worker's own, an admin's for them, the organisation default)."""

from __future__ import annotations

from wtforms import SelectField
from wtforms.validators import InputRequired

from ..forms import AppForm

CHOOSE_MESSAGE = "Choose one of the credentials listed."


class CredentialForm(AppForm):
    credential = SelectField(
        "Credential",
        validators=[InputRequired(CHOOSE_MESSAGE)],
        validate_choice=True,
        description="The credential the readiness page counts your hours against.",
    )

    def __init__(self, credentials, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.credential.choices = [(c.id, f"{c.name} — {c.awarding_body}") for c in credentials]
        # A tampered or stale value gets the same plain message as an empty one.
        self.credential.pre_validate = self._known

    def _known(self, form) -> None:
        from wtforms.validators import ValidationError

        if self.credential.data not in {v for v, _ in self.credential.choices}:
            raise ValidationError(CHOOSE_MESSAGE)
