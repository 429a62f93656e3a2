"""Forms an admin uses to record a certification (or its renewal), an exam passed, a revocation."""

from __future__ import annotations

import re

from wtforms import DateField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..clock import today
from ..forms import AppForm

NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ./-]{0,79}")
NUMBER_MESSAGE = "Use letters, digits, spaces and . / - only, as printed on the certificate."
CHOOSE = "Choose one of the credentials listed."


class _CredentialChoice(AppForm):
    credential = SelectField("Credential", validators=[InputRequired(CHOOSE)])

    def __init__(self, credentials, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.credential.choices = [(c.id, f"{c.name} — {c.awarding_body}") for c in credentials]
        self.credential.pre_validate = self._known  # a tampered value reads as an empty one

    def _known(self, form) -> None:
        if self.credential.data not in {v for v, _ in self.credential.choices}:
            raise ValidationError(CHOOSE)


def _not_future(field_name: str):
    def check(form, field) -> None:
        if field.data and field.data > today():
            raise ValidationError(f"The {field_name} cannot be in the future.")

    return check


class CertificationForm(_CredentialChoice):
    certified_on = DateField(
        "Certified on",
        validators=[
            InputRequired("Enter the date on the certificate."),
            _not_future("certification date"),
        ],
        description="The date the awarding body certified the worker.",
    )
    certificate_number = StringField(
        "Certificate number",
        validators=[InputRequired("Enter the certificate number."), Length(max=80)],
        description="Exactly as printed on the certificate.",
    )
    expires_on = DateField(
        "Expires on",
        validators=[Optional()],
        description="Leave blank to use the credential's renewal period.",
    )
    renews = SelectField("Renews", validators=[Optional()], default="")

    def __init__(self, credentials, renewable=(), *args, **kwargs):
        super().__init__(credentials, *args, **kwargs)
        self.renews.choices = [("", "Nothing: a first certification")] + [
            (str(c.id), f"{c.certificate_number}, expires {c.expires_on.isoformat()}")
            for c in renewable
        ]

    def validate_certificate_number(self, field) -> None:
        field.data = (field.data or "").strip()
        if not NUMBER.fullmatch(field.data):
            raise ValidationError(NUMBER_MESSAGE)

    def validate_expires_on(self, field) -> None:
        if field.data and self.certified_on.data and field.data <= self.certified_on.data:
            raise ValidationError("The expiry date must be after the certification date.")


class ExamForm(_CredentialChoice):
    passed_on = DateField(
        "Passed on",
        validators=[InputRequired("Enter the date the exam was passed."), _not_future("exam date")],
    )
    note = StringField(
        "Note",
        validators=[Optional(), Length(max=200, message="At most 200 characters.")],
        description="For example the exam's name as on the result letter.",
    )


class RevokeForm(AppForm):
    note = StringField(
        "Why it is revoked",
        validators=[
            InputRequired("Say why the certification is revoked."),
            Length(max=200, message="At most 200 characters."),
        ],
    )
