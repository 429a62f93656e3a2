"""Routes for hours from their evidence: other training (and its certificate) and the weekly
work log, entered by the worker and confirmed or sent back by a current supervisor."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import login_required
from werkzeug.exceptions import RequestEntityTooLarge

from ..authz import (
    may_confirm_hours,
    may_download_certificate,
    may_enter_training,
    may_enter_work_log,
    may_view_training,
    may_view_work_log,
)
from ..models import TrainingRecord, WorkLog
from . import bp, services_hours, uploads
from .forms_hours import ReturnForm, WeekForm
from .pages_hours import (
    attach,
    known,
    refuse_unless,
    render_training,
    render_work_log,
    row_or_404,
    training_form,
    viewer,
    worker_or_404,
)
from .services_hours import HoursRefused, TrainingEntry, Upload, WeekEntry

PERSON = "/people/<int:worker_id>"
UPLOADS = ("certification.training_add", "certification.training_correct")


@bp.get(PERSON + "/training")
@login_required
def training_records(worker_id: int):
    worker = worker_or_404(worker_id)
    refuse_unless(may_view_training(viewer(), worker), "certification.training.read", worker.id)
    page = render_training(worker)  # first: the audit's commit would expire what it reads
    if viewer().id != worker.id:
        services_hours.log_read("certification.training.read", viewer().id, worker.id)
    return page


def _save_training(worker, correcting=None):
    form = training_form()
    if not form.validate_on_submit():
        return render_training(worker, form, 400, correcting)
    file = form.certificate.data
    upload = Upload(file.stream, file.filename) if file and file.filename else None
    try:
        services_hours.add_training(
            worker.id,
            TrainingEntry(**form.entry_values()),
            viewer().id,
            upload,
            known(),
            correcting.id if correcting else None,
        )
    except HoursRefused as refused:
        attach(form, refused)
        return render_training(worker, form, 400, correcting)
    flash(
        "The training is saved. Your supervisor verifies it."
        if viewer().id == worker.id
        else f"The training is saved for {worker.name}.",
        "success",
    )
    return redirect(url_for("certification.training_records", worker_id=worker.id))


@bp.post(PERSON + "/training")
@login_required
def training_add(worker_id: int):
    worker = worker_or_404(worker_id)
    refuse_unless(may_enter_training(viewer(), worker), "certification.training.add", worker.id)
    return _save_training(worker)


@bp.route(PERSON + "/training/<int:record_id>/correct", methods=["GET", "POST"])
@login_required
def training_correct(worker_id: int, record_id: int):
    worker = worker_or_404(worker_id)
    refuse_unless(may_enter_training(viewer(), worker), "certification.training.correct", worker.id)
    old = row_or_404(TrainingRecord, record_id, worker)
    if request.method == "POST":
        return _save_training(worker, old)
    values = {
        k: getattr(old, k)
        for k in ("title", "provider", "started_on", "ended_on", "domains", "topics")
    }
    form = training_form(data=values | {"kind": old.kind.value, "hours": f"{old.minutes / 60:g}"})
    return render_training(worker, form, 200, old)


def _decide(model, worker_id: int, row_id: int, back: str, sending_back: bool):
    """Confirm/verify, or send back with a note: a current supervisor only."""
    worker = worker_or_404(worker_id)
    action = f"certification.{model.__tablename__}.{'return' if sending_back else 'confirm'}"
    refuse_unless(may_confirm_hours(viewer(), worker), action, worker.id)
    row_or_404(model, row_id, worker)
    form = ReturnForm()
    try:
        if sending_back:
            services_hours.send_back(model, row_id, worker.id, viewer().id, form.note.data or "")
        else:
            services_hours.confirm(model, row_id, worker.id, viewer().id)
    except HoursRefused as refused:
        if "note" not in refused.errors:
            flash(" ".join(refused.errors.values()), "error")
            return redirect(url_for(back, worker_id=worker.id))
        attach(form, refused)
        page = render_work_log if model is WorkLog else render_training
        return page(worker, status=400, return_form=form, returning=row_id)
    flash("Sent back with your note." if sending_back else "Confirmed.", "success")
    return redirect(url_for(back, worker_id=worker.id))


@bp.post(PERSON + "/training/<int:record_id>/verify")
@login_required
def training_verify(worker_id: int, record_id: int):
    return _decide(TrainingRecord, worker_id, record_id, "certification.training_records", False)


@bp.post(PERSON + "/training/<int:record_id>/return")
@login_required
def training_return(worker_id: int, record_id: int):
    return _decide(TrainingRecord, worker_id, record_id, "certification.training_records", True)


@bp.get(PERSON + "/training/<int:record_id>/certificate")
@login_required
def certificate(worker_id: int, record_id: int):
    """PDFs download as attachments; images show inline. Every download is audited."""
    record = row_or_404(TrainingRecord, record_id, worker_or_404(worker_id))
    if not may_download_certificate(viewer(), record):
        services_hours.log_download(viewer().id, record.id, "denied")
        abort(403)
    if not record.file_stored_name:
        abort(404)
    services_hours.log_download(viewer().id, record.id)
    response = send_file(
        io.BytesIO(uploads.path_of(record.file_stored_name).read_bytes()),
        mimetype=record.file_content_type,
        as_attachment=record.file_content_type == "application/pdf",
        download_name=record.file_original_name or "certificate",
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get(PERSON + "/work-log")
@login_required
def work_log(worker_id: int):
    worker = worker_or_404(worker_id)
    refuse_unless(may_view_work_log(viewer(), worker), "certification.work_log.read", worker.id)
    page = render_work_log(worker)  # first: the audit's commit would expire what it reads
    if viewer().id != worker.id:
        services_hours.log_read("certification.work_log.read", viewer().id, worker.id)
    return page


def _save_week(worker, correcting=None):
    form = WeekForm()
    if not form.validate_on_submit():
        return render_work_log(worker, form, 400, correcting)
    try:
        services_hours.add_week(
            worker.id,
            WeekEntry(**form.entry_values()),
            viewer().id,
            correcting.id if correcting else None,
        )
    except HoursRefused as refused:
        attach(form, refused)
        return render_work_log(worker, form, 400, correcting)
    flash("The week is saved. Your supervisor confirms it.", "success")
    return redirect(url_for("certification.work_log", worker_id=worker.id))


@bp.post(PERSON + "/work-log")
@login_required
def work_log_add(worker_id: int):
    worker = worker_or_404(worker_id)
    refuse_unless(may_enter_work_log(viewer(), worker), "certification.work_log.add", worker.id)
    return _save_week(worker)


@bp.route(PERSON + "/work-log/<int:entry_id>/correct", methods=["GET", "POST"])
@login_required
def work_log_correct(worker_id: int, entry_id: int):
    worker = worker_or_404(worker_id)
    refuse_unless(may_enter_work_log(viewer(), worker), "certification.work_log.correct", worker.id)
    old = row_or_404(WorkLog, entry_id, worker)
    if request.method == "POST":
        return _save_week(worker, old)
    form = WeekForm(
        data={
            "week_starting": old.week_starting,
            "hours": f"{old.minutes / 60:g}",
            "setting": old.setting.value,
            "note": old.note or "",
        }
    )
    return render_work_log(worker, form, 200, old)


@bp.post(PERSON + "/work-log/<int:entry_id>/confirm")
@login_required
def work_log_confirm(worker_id: int, entry_id: int):
    return _decide(WorkLog, worker_id, entry_id, "certification.work_log", False)


@bp.post(PERSON + "/work-log/<int:entry_id>/return")
@login_required
def work_log_return(worker_id: int, entry_id: int):
    return _decide(WorkLog, worker_id, entry_id, "certification.work_log", True)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """Past the app's request limit nothing of the form can be read, so the page says so."""
    limit = uploads.limit_text()
    message = (
        f"The file was too large to receive, so nothing you typed could be read. "
        f"Choose a file of at most {limit} and enter the training again."
    )
    if request.endpoint not in UPLOADS:
        message = "That was too large to send. Please send something smaller."
    return render_template(
        "errors/error.html", code=413, title="That file was too large", message=message
    ), 413
