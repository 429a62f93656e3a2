"""Forms: continue past a section, the knowledge check (built per module), reflections."""

from __future__ import annotations

from wtforms import HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, ValidationError

from ..fields import MultiCheckboxField
from ..forms import AppForm
from .scoring import is_multi

REFLECTION_MAX = 5000


class ContinueForm(AppForm):
    """Marks a section read: a POST so that reading is recorded on purpose, with CSRF."""

    submit = SubmitField("Continue")


class QuizForm(AppForm):
    """Fields are added per question by `quiz_form`; field names are q0, q1, … by position
    in the draw, and choice values count in the order the choices are shown."""

    # Which open draw the answers belong to: answers to a draw that has since been submitted
    # (another tab) or replaced must not be scored against different questions.
    draw = HiddenField()
    submit = SubmitField("Check my answers")

    def question_fields(self, shown: dict):
        for n, question in enumerate(shown["questions"]):
            yield question, self[f"q{n}"]

    def answers(self, shown: dict) -> dict[str, list[int]]:
        result = {}
        for question, f in self.question_fields(shown):
            data = f.data if isinstance(f.data, list) else [f.data]
            result[question["id"]] = [d for d in data if d is not None]
        return result


def quiz_form(shown: dict, **kwargs) -> QuizForm:
    """A form class for the questions of one draw. Choices carry only their shown position
    and text: which of them is right stays on the server."""

    class ModuleQuizForm(QuizForm):
        pass

    for n, question in enumerate(shown["questions"]):
        choices = list(enumerate(question["choices"]))
        if is_multi(question):
            field = MultiCheckboxField(
                question["prompt"],
                choices=choices,
                coerce=int,
                validators=[InputRequired("Choose at least one answer.")],
                description="Select all that apply.",
            )
        else:
            field = RadioField(
                question["prompt"],
                choices=choices,
                coerce=int,
                validators=[InputRequired("Choose an answer.")],
            )
        setattr(ModuleQuizForm, f"q{n}", field)
    return ModuleQuizForm(**kwargs)


class ReflectionForm(AppForm):
    # The length is checked here, not with Length(): that would add maxlength to the box,
    # and a browser silently cuts off a long paste instead of letting us say so.
    text = TextAreaField(
        "Your reflection",
        description="Only you and your current supervisor(s) can read this once you submit it.",
    )
    save = SubmitField("Save draft")
    submit = SubmitField("Submit to my supervisor")

    @property
    def submitting(self) -> bool:
        return bool(self.submit.data)

    def validate_text(self, field) -> None:
        if len(field.data or "") > REFLECTION_MAX:
            raise ValidationError(
                f"Please keep it under {REFLECTION_MAX:,} characters (it is now "
                f"{len(field.data):,}); you can bring the rest to supervision."
            )
        if not (field.data or "").strip():
            if self.submitting:
                raise ValidationError("Write your reflection before submitting it.")
            raise ValidationError("There is nothing to save yet: write something first.")
