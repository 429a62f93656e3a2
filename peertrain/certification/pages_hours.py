"""What the hours pages show: each entry with its state and history, the choices the forms
offer, and the page renderers the thin views in views_hours.py call."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, render_template
from flask_login import current_user
from sqlalchemy import select

from ..authz import may_confirm_hours, may_enter_training, may_enter_work_log, require
from ..extensions import db
from ..models import CompetencyCategory, TrainingRecord, User, WorkLog
from . import queries
from .credentials import all_credentials
from .forms_hours import ReturnForm, TrainingForm, WeekForm
from .services_hours import HoursRefused
from .uploads import limit_text


@dataclass(frozen=True)
class Entry:
    row: object
    corrected_by: int | None  # the id of the newer row that replaces this one

    @property
    def current(self) -> bool:
        return self.corrected_by is None

    @property
    def state(self) -> str:
        row = self.row
        done = row.confirmed_at if isinstance(row, WorkLog) else row.verified_at
        if self.corrected_by:
            return "corrected"
        if row.signoff_id:
            return "signed"
        if row.returned_at:
            return "returned"
        return "confirmed" if done else "waiting"


def viewer() -> User:
    return current_user._get_current_object()


def worker_or_404(worker_id: int) -> User:
    worker = queries.user_by_id(worker_id)
    if worker is None:
        abort(404)
    return worker


def refuse_unless(allowed: bool, action: str, worker_id: int) -> None:
    """authz.require for a worker's records: the refusal audited against the worker."""
    require(allowed, action, "user", worker_id)


def row_or_404(model, row_id: int, worker: User):
    row = db.session.get(model, row_id)
    if row is None or row.worker_id != worker.id:
        abort(404)
    return row


def entries(model, worker_id: int) -> list[Entry]:
    """Newest first; a corrected row stays, marked with the row that replaced it."""
    rows = db.session.scalars(
        select(model).where(model.worker_id == worker_id).order_by(model.id.desc())
    ).all()
    replaced = {r.corrects_id: r.id for r in rows if r.corrects_id}
    return [Entry(r, replaced.get(r.id)) for r in rows]


def domain_choices() -> list[tuple[str, str]]:
    """The framework's categories by name, in order (codes are what a record stores)."""
    rows = db.session.execute(
        select(CompetencyCategory.code, CompetencyCategory.title).order_by(
            CompetencyCategory.position
        )
    )
    return [(code, title) for code, title in rows]


def topic_choices() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for credential in all_credentials().values():
        for t in credential.ce_topics:
            seen.setdefault(t.topic, t.title)
    return sorted(seen.items(), key=lambda kv: kv[1])


def known() -> tuple[set[str], set[str]]:
    return {c for c, _ in domain_choices()}, {t for t, _ in topic_choices()}


def training_form(**kwargs) -> TrainingForm:
    return TrainingForm(domain_choices(), topic_choices(), **kwargs)


def attach(form, refused: HoursRefused) -> None:
    """The service's messages next to their fields; one about the entry as a whole is flashed."""
    for name, message in refused.errors.items():
        if name in form:
            form[name].errors = [*form[name].errors, message]
        else:
            flash(message, "error")


def render_training(worker: User, form=None, status: int = 200, correcting=None, **returning):
    me = viewer()
    may_enter, may_confirm = may_enter_training(me, worker), may_confirm_hours(me, worker)
    if may_enter and form is None:
        form = training_form()
    return render_template(
        "certification/training.html",
        worker=worker,
        own=me.id == worker.id,
        form=form if may_enter else None,
        entries=entries(TrainingRecord, worker.id),
        may_confirm=may_confirm,
        show_notes=me.id == worker.id or may_confirm,
        return_form=returning.get("return_form") or ReturnForm(),
        returning=returning.get("returning"),
        names=dict(domain_choices()),
        topic_names=dict(topic_choices()),
        limit=limit_text(),
        correcting=correcting,
    ), status


def render_work_log(worker: User, form=None, status: int = 200, correcting=None, **returning):
    me = viewer()
    may_enter = may_enter_work_log(me, worker)
    if may_enter and form is None:
        form = WeekForm()
    return render_template(
        "certification/work_log.html",
        worker=worker,
        own=me.id == worker.id,
        form=form if may_enter else None,
        entries=entries(WorkLog, worker.id),
        may_confirm=may_confirm_hours(me, worker),
        return_form=returning.get("return_form") or ReturnForm(),
        returning=returning.get("returning"),
        correcting=correcting,
    ), status
