"""Forms for signing in and changing a password."""

from __future__ import annotations

from wtforms import EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from ..forms import AppForm
from ..passwords import MAX_LENGTH


class LoginForm(AppForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_LENGTH)])
    next = HiddenField()
    submit = SubmitField("Sign in")


class ChangePasswordForm(AppForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    new_password = PasswordField(
        "New password",
        validators=[DataRequired()],
        description="At least 12 characters. A few unrelated words make a strong password.",
    )
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("new_password", message="The two entries differ.")],
    )
    submit = SubmitField("Change password")
