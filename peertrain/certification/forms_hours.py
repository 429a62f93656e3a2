"""Forms for hours: other training (with its certificate), a week of work, sending an entry
back, choosing a period and signing it. They check the format of what was typed; what the
figures may be is the rule of services_hours.py."""

from __future__ import annotations

import re

from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, StopValidation, ValidationError

from ..clock import today
from ..fields import MultiCheckboxField
from ..forms import AppForm
from ..models import ServiceSetting, TrainingKind

HOURS = re.compile(r"\d{1,4}(?:[.,]\d)?")


class Day(DateField):
    """A date with a plain message when it is not one."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter a date, like 2026-03-02.") from None


class HoursField(StringField):
    """Hours with at most one decimal (7.5), kept as typed; `minutes` is the whole minutes."""

    @property
    def minutes(self) -> int:
        return round(float(self.data.strip().replace(",", ".")) * 60)

    def pre_validate(self, form) -> None:
        typed = (self.data or "").strip()
        if not typed:
            raise StopValidation("Enter the hours, like 7.5.")
        if typed.startswith("-"):
            raise StopValidation("Hours cannot be negative.")
        if not HOURS.fullmatch(typed):
            if re.fullmatch(r"\d+[.,]\d{2,}", typed):
                raise StopValidation(
                    "Use at most one decimal place, like 7.5 (half an hour is .5)."
                )
            raise StopValidation("Enter the hours as a number, like 7.5.")


def _required(what: str):
    return InputRequired(f"Enter {what}.")


class TrainingForm(AppForm):
    title = StringField(
        "Title", validators=[_required("the title of the training"), Length(max=200)]
    )
    provider = StringField(
        "Provider",
        validators=[_required("who gave the training"), Length(max=200)],
        description="The organisation or trainer that ran it.",
    )
    kind = SelectField(
        "Kind",
        choices=[(k.value, k.value.capitalize()) for k in TrainingKind],
        default=TrainingKind.WORKSHOP.value,
    )
    started_on = Day("First day", validators=[_required("the first day")])
    ended_on = Day(
        "Last day",
        validators=[_required("the last day")],
        description="The same as the first day for a one-day event.",
    )
    hours = HoursField(
        "Hours", description="Hours of training, not counting breaks; one decimal at most (7.5)."
    )
    domains = MultiCheckboxField(
        "Areas covered",
        validate_choice=False,
        description="The competency areas the training covered; its hours are shared among them.",
    )
    topics = MultiCheckboxField(
        "Topics (optional)",
        validate_choice=False,
        description="Tick a topic your credential asks hours of, such as ethics.",
    )
    certificate = FileField("Certificate (optional)")

    def __init__(self, domains, topics, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.domains.choices, self.topics.choices = domains, topics

    def entry_values(self) -> dict:
        return {
            "title": self.title.data,
            "provider": self.provider.data,
            "kind": TrainingKind(self.kind.data),
            "started_on": self.started_on.data,
            "ended_on": self.ended_on.data,
            "minutes": self.hours.minutes,
            "domains": tuple(self.domains.data or ()),
            "topics": tuple(self.topics.data or ()),
        }


class WeekForm(AppForm):
    week_starting = Day(
        "Week starting (a Monday)",
        validators=[_required("the Monday the week started")],
        description="The Monday of the week you are logging.",
    )
    hours = HoursField(
        "Hours of peer work", description="All your peer work that week; one decimal at most."
    )
    setting = SelectField(
        "Setting",
        choices=[(s.value, s.value.capitalize()) for s in ServiceSetting],
        default=ServiceSetting.COMMUNITY.value,
    )
    note = TextAreaField(
        "Note (optional)",
        validators=[Optional(), Length(max=2000)],
        description="Anything your supervisor should know. No names of people you support.",
    )

    def entry_values(self) -> dict:
        return {
            "week_starting": self.week_starting.data,
            "minutes": self.hours.minutes,
            "setting": ServiceSetting(self.setting.data),
            "note": self.note.data or "",
        }


class ReturnForm(AppForm):
    note = TextAreaField(
        "What should be checked",
        validators=[_required("what the worker should check or correct"), Length(max=2000)],
    )


class PeriodForm(AppForm):
    class Meta:
        csrf = False  # a GET form: it only chooses what the page shows

    start = Day("From", validators=[_required("the first day of the period")])
    end = Day("To", validators=[_required("the last day of the period")])

    def validate_end(self, field) -> None:
        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError("The period ends before it starts: check the two dates.")
        if field.data and field.data > today():
            raise ValidationError(
                "A period can be signed once it has ended: choose today or earlier."
            )


class SignForm(AppForm):
    start = HiddenField()
    end = HiddenField()
    shown = HiddenField()
    password = PasswordField(
        "Your password", description="Typed again to sign: it shows the signature is yours."
    )
    code = StringField(
        "Code from your authenticator app", description="Six digits; they change every 30 seconds."
    )
