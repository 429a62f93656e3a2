"""Forms for asking for a reset link and for setting a password from an emailed link."""

from __future__ import annotations

from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from ..forms import AppForm
from ..passwords import MAX_LENGTH


class ForgotForm(AppForm):
    email = EmailField(
        "Email",
        validators=[
            DataRequired(message="Enter the email address you sign in with."),
            Length(max=254),
        ],
    )
    submit = SubmitField("Send me a link")


class SetPasswordForm(AppForm):
    password = PasswordField(
        "New password",
        validators=[DataRequired(message="Choose a password."), Length(max=MAX_LENGTH)],
        description="At least 12 characters. A few unrelated words make a strong password.",
    )
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("password", message="The two entries differ.")],
    )
    submit = SubmitField("Set password")
