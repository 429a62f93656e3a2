"""Forms for recording, cancelling and editing sessions, and for the session page."""

from __future__ import annotations

from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..clock import today
from ..fields import MultiCheckboxField
from ..forms import AppForm
from ..inputs import record_id
from ..models import TOPICS, CancelReason, SessionFormat, SessionSetting
from . import labels
from .fields import (
    check_date,
    choice_list,
    error_items,
    note_field,
    people_choices,
    summary_field,
)

ACTION_ROWS = 3


class SessionDetailsMixin:
    held_on = DateField("Date held", validators=[InputRequired(message="Enter a date.")])
    minutes = IntegerField(
        "Length in minutes",
        validators=[
            InputRequired(message="Enter how long the session lasted, in minutes."),
            NumberRange(min=1, max=600, message="Enter a length from 1 to 600 minutes."),
        ],
    )
    setting = RadioField(
        "Setting",
        choices=choice_list(labels.SETTINGS),
        default=SessionSetting.IN_PERSON.value,
        validators=[InputRequired(message="Choose in person or remote.")],
    )
    topics = MultiCheckboxField("Topics", choices=choice_list(TOPICS))


class NotesMixin:
    """The three structured parts, shared by the record and edit forms."""

    what_happened = note_field(
        "What happened",
        "The situation or piece of work you reflected on. Everyone in the session can read this.",
    )
    what_it_meant = note_field(
        "What it meant",
        "What you noticed together: values, boundaries, feelings, what was learned.",
    )
    what_next = note_field("What next", "What each of you will try, change or follow up.")

    def has_notes(self) -> bool:
        return any(
            (f.data or "").strip() for f in (self.what_happened, self.what_it_meant, self.what_next)
        )


class ActionRow(Form):
    owner = SelectField("Owner", validate_choice=False)
    description = StringField("Action", validators=[Length(max=500)])
    due_on = DateField("Due by", validators=[Optional()])


class FlagRow(Form):
    # Checked in _check_rows: a row left untouched (or never posted) simply means "no flag".
    kind = SelectField(
        "Kind of flag",
        choices=[SelectChoice("", "No flag")] + choice_list(labels.FLAGS),
        validate_choice=False,
    )
    supervisee = SelectField("About", validate_choice=False)
    manager_summary = summary_field()


def _check_rows(form, participants: set[int], supervisor_id: int) -> bool:
    ok = True
    for row in form.actions:
        r = row.form
        typed = (r.description.data or "").strip()
        if not typed:
            if r.due_on.data or r.due_on.raw_data and r.due_on.raw_data[0]:
                r.description.errors.append("Describe the action, or clear its due date.")
                ok = False
            continue
        if not r.owner.data:
            r.owner.errors.append("Choose who owns this action.")
            ok = False
        elif record_id(r.owner.data) not in participants | {supervisor_id}:
            r.owner.errors.append("The owner must be you or someone in this session.")
            ok = False
        if r.due_on.data and form.held_on.data and r.due_on.data < form.held_on.data:
            r.due_on.errors.append("The due date is before the session.")
            ok = False
    for row in form.flags:
        r = row.form
        if r.kind.data and r.kind.data not in {k.value for k in labels.FLAGS}:
            r.kind.errors.append("Choose a kind of flag from the list.")
            ok = False
            continue
        if not r.kind.data:
            if (r.manager_summary.data or "").strip():
                r.kind.errors.append("Choose the kind of flag, or clear its summary.")
                ok = False
            continue
        if r.supervisee.data and record_id(r.supervisee.data) not in participants:
            r.supervisee.errors.append("Choose someone in this session.")
            ok = False
    return ok


class SessionForm(NotesMixin, SessionDetailsMixin, AppForm):
    supervisees = MultiCheckboxField("Supervisees", coerce=int)
    format = RadioField(
        "Format",
        choices=[
            SelectChoice(k.value, f"{v} ({labels.FORMAT_HINTS[k]})")
            for k, v in labels.FORMATS.items()
        ],
        default=SessionFormat.INDIVIDUAL.value,
        validators=[InputRequired(message="Choose the format.")],
    )
    actions = FieldList(
        FormField(ActionRow), label="Action", min_entries=ACTION_ROWS, max_entries=30
    )
    flags = FieldList(FormField(FlagRow), label="Flag", min_entries=1, max_entries=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Mixin fields are created first; list problems in the order the page shows them.
        first = ("csrf_token", "supervisees", "format")
        self._fields = {n: self._fields[n] for n in first if n in self._fields} | {
            n: f for n, f in self._fields.items() if n not in first
        }

    def set_people(self, supervisor_id: int, supervisor_name: str, supervisees) -> None:
        """Choices come from the supervisor's current supervisees: nobody else can be picked."""
        self.supervisees.choices = people_choices(supervisees)
        owners = people_choices(
            [(supervisor_id, f"{supervisor_name} (you)"), *supervisees], "Choose…"
        )
        about = people_choices(supervisees, "The whole session")
        self._owners, self._about = owners, about
        for row in self.actions:
            row.form.owner.choices = owners
        for row in self.flags:
            row.form.supervisee.choices = about

    def add_row(self, which: str) -> None:
        """ "Add another" without JavaScript: one more blank row, and nothing typed is lost."""
        rows = self.flags if which == "flag" else self.actions
        if len(rows.entries) >= rows.max_entries:
            return
        entry = rows.append_entry()
        if which == "flag":
            entry.form.supervisee.choices = self._about
        else:
            entry.form.owner.choices = self._owners

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        check_date(self.held_on)
        chosen = set(self.supervisees.data or [])
        fmt = self.format.data
        if not chosen:
            self.supervisees.errors.append("Choose at least one supervisee.")
        elif fmt == SessionFormat.INDIVIDUAL and len(chosen) > 1:
            self.supervisees.errors.append(
                "An individual session has one supervisee. Choose one, or choose Group."
            )
        elif fmt == SessionFormat.GROUP and len(chosen) < 2:
            self.supervisees.errors.append("A group session needs at least two supervisees.")
        if not self.has_notes():
            self.what_happened.errors.append(
                "Write at least a few words in one of the three parts of the notes."
            )
        rows_ok = _check_rows(self, chosen, self._supervisor_id)
        return ok and rows_ok and not error_items(self)

    def prepare(self, supervisor, supervisees) -> SessionForm:
        self._supervisor_id = supervisor.id
        self.set_people(supervisor.id, supervisor.name, supervisees)
        self.held_on.render_kw = {"max": today().isoformat()}
        return self


class EditForm(NotesMixin, SessionDetailsMixin, AppForm):
    # Optimistic locking: the version the writer started from travels with the form.
    version = HiddenField()

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        check_date(self.held_on)
        if not self.has_notes():
            self.what_happened.errors.append(
                "Write at least a few words in one of the three parts of the notes."
            )
        return ok and not error_items(self)


class CancelForm(AppForm):
    supervisees = MultiCheckboxField("Supervisees", coerce=int)
    held_on = DateField(
        "Date it was planned for", validators=[InputRequired(message="Enter a date.")]
    )
    setting = RadioField(
        "It was planned as",
        choices=choice_list(labels.SETTINGS),
        default=SessionSetting.IN_PERSON.value,
        validators=[InputRequired(message="Choose in person or remote.")],
    )
    reason = RadioField(
        "Why it did not happen",
        choices=choice_list(labels.CANCEL_REASONS),
        validators=[InputRequired(message="Choose the reason.")],
    )
    cancel_note = TextAreaField(
        "Note (optional)",
        validators=[Length(max=5000)],
        description="Only you and the supervisees can read this; reports use the reason alone.",
    )

    def prepare(self, supervisees) -> CancelForm:
        self.supervisees.choices = people_choices(supervisees)
        self.held_on.render_kw = {"max": today().isoformat()}
        return self

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        check_date(self.held_on)
        if not self.supervisees.data:
            self.supervisees.errors.append("Choose at least one supervisee.")
        if self.reason.data == CancelReason.OTHER and not (self.cancel_note.data or "").strip():
            self.cancel_note.errors.append("Say briefly what the reason was.")
        return ok and not error_items(self)
