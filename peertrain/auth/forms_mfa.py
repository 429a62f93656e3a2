"""Forms for two-step sign-in: the code at sign-in, enrolment and re-authentication."""

from __future__ import annotations

from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from ..forms import AppForm
from ..passwords import MAX_LENGTH

CODE_HINT = "The 6-digit code from your authenticator app, or one of your recovery codes."


class CodeForm(AppForm):
    code = StringField(
        "Code",
        validators=[DataRequired(message="Enter the code."), Length(max=20)],
        description=CODE_HINT,
    )
    submit = SubmitField("Continue")


class EnrolForm(AppForm):
    password = PasswordField(
        "Your password",
        validators=[DataRequired(message="Enter your password."), Length(max=MAX_LENGTH)],
    )
    code = StringField(
        "Code from the app",
        validators=[DataRequired(message="Enter the 6-digit code the app shows."), Length(max=20)],
        description="After adding PeerTrain to the app, type the 6-digit code it shows.",
    )
    submit = SubmitField("Turn on two-step sign-in")


class ReauthForm(AppForm):
    password = PasswordField(
        "Your password",
        validators=[DataRequired(message="Enter your password."), Length(max=MAX_LENGTH)],
    )
    code = StringField(
        "Code",
        validators=[DataRequired(message="Enter the code."), Length(max=20)],
        description=CODE_HINT,
    )
    submit = SubmitField("Confirm")
