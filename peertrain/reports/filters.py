"""Report filters: team and date range, read from the query string and checked against scope."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from ..clock import today
from ..forms import AppForm
from ..inputs import optional_id, record_id

DEFAULT_DAYS = 90
MAX_DAYS = 3 * 366  # three years: long enough for trends, short enough to stay readable


@dataclass(frozen=True)
class Filters:
    """What a report covers. `scope` is the manager's teams (None = every team)."""

    start: date
    end: date
    team_id: int | None = None
    scope: frozenset[int] | None = None

    @property
    def teams(self) -> frozenset[int] | None:
        """The teams the figures cover: the chosen team, else the whole scope."""
        if self.team_id is not None:
            return frozenset({self.team_id})
        return self.scope

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Filters:
        """The period of the same length just before this one (for trends)."""
        return replace(
            self, start=self.start - timedelta(days=self.days), end=self.start - timedelta(days=1)
        )

    def args(self, **extra) -> dict:
        """Query-string arguments that reproduce these filters (for links and exports)."""
        out = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        if self.team_id is not None:
            out["team"] = self.team_id
        out.update({k: v for k, v in extra.items() if v is not None})
        return out

    def describe(self) -> str:
        return f"team={self.team_id or 'all'};start={self.start};end={self.end}"


def default_filters(scope: frozenset[int] | None) -> Filters:
    end = today()
    return Filters(start=end - timedelta(days=DEFAULT_DAYS - 1), end=end, scope=scope)


class TeamField(SelectField):
    """A team select whose refusal reads as advice, not as a parsing error."""

    MESSAGE = "Choose one of your teams from the list."

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(self.MESSAGE) from error

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValueError as error:
            raise ValidationError(self.MESSAGE) from error

    def options(self) -> list[tuple[str, str, bool]]:
        """(value, label, selected) for the report template's own loop: WTForms' option widget
        takes about 7 ms a page to render 626 teams, the loop under 1 ms. Selected as WTForms
        would: the choice whose coerced value is the field's data."""
        chosen = "" if self.data is None else str(self.data)
        return [(value, label, value == chosen) for value, label in self.choices]


class FilterForm(AppForm):
    """A GET form: no CSRF token (it changes nothing), bookmarkable and shareable."""

    class Meta:
        csrf = False

    team = TeamField("Team", coerce=optional_id, validate_choice=True)
    start = DateField(
        "From",
        validators=[Optional()],
        description="First day of the period (figures 'as of' a day use the last day).",
    )
    end = DateField("To", validators=[Optional()], description="Last day of the period.")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        start, end = self.start.data, self.end.data
        latest = today()
        if start and start > latest:
            self.start.errors.append("The period cannot start in the future.")
            ok = False
        if end and end > latest:
            self.end.errors.append("The period cannot end in the future.")
            ok = False
        if ok and start and end and start > end:
            self.end.errors.append("The last day must be on or after the first day.")
            ok = False
        if ok and start and ((end or latest) - start).days >= MAX_DAYS:
            self.start.errors.append("Choose a period of at most three years.")
            ok = False
        return ok


class FindingFilterForm(FilterForm):
    """The dashboard's filters: also a severity and a kind of finding (the counts link here).
    Choices are filled from the rules in gaps.py by the view, so they live in one place."""

    # Checked by the validators below, so a hand-edited link reads as advice.
    severity = SelectField("Severity", validate_choice=False, default="")
    kind = SelectField("Kind", validate_choice=False, default="")

    def validate_severity(self, field):
        if field.data and field.data not in dict(field.choices):
            raise ValidationError("Choose high, medium or low, or every severity.")

    def validate_kind(self, field):
        if field.data and field.data not in dict(field.choices):
            raise ValidationError("Choose one of the kinds in the list, or every kind.")


def requested_team(raw: str | None) -> int | None:
    """The team id in the query string, or None when absent or not a number (the form says why)."""
    return record_id(raw)


def build_form(args, teams: list[tuple[int, str]], form_class=FilterForm) -> FilterForm:
    form = form_class(formdata=args if args else None)
    form.team.choices = [("", "All your teams")] + [(str(tid), name) for tid, name in teams]
    return form


def filters_from(form: FilterForm, scope: frozenset[int] | None) -> Filters:
    """Valid form → Filters, with the defaults for anything left blank (and shown in the form,
    so the page always says which period it covers)."""
    end = form.end.data or today()
    start = form.start.data or (end - timedelta(days=DEFAULT_DAYS - 1))
    form.start.data, form.end.data = start, end
    form.start.raw_data = form.end.raw_data = None  # show the dates used, not the blanks
    return Filters(start=start, end=end, team_id=form.team.data, scope=scope)
