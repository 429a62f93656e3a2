"""Role-drift log pages: the worker's own log, their supervisor's view, the managers' counts."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from .. import audit
from ..authz import may_read_drift_log, refuse, role_required, supervisee_ids_stmt
from ..clock import today
from ..extensions import db
from ..models import DriftEntry, Role, User
from . import bp, drift_queries, drift_report, drift_services, report_pages
from .drift_forms import DriftForm
from .drift_labels import ASKERS, DONE, TASKS

LABELS = {"TASKS": TASKS, "ASKERS": ASKERS, "DONE": DONE}


def _log_page(form, status: int = 200):
    me = current_user.id
    entries = drift_queries.own_entries(db.session, me)
    return render_template("integration/drift_log.html", form=form, entries=entries,
                           **LABELS), status  # fmt: skip


@bp.get("/drift")
@role_required(Role.TRAINEE)
def drift_log():
    form = DriftForm()
    form.happened_on.data = today()
    return _log_page(form)


@bp.post("/drift")
@role_required(Role.TRAINEE)
def drift_add():
    form = DriftForm()
    if not form.validate():
        return _log_page(form, 400)
    values = drift_services.DriftValues(form.task.data, form.asked_by.data, form.done.data,
                                        form.happened_on.data, form.note.data)  # fmt: skip
    drift_services.record_entry(current_user, values)
    flash("Logged. Your supervisor can talk it through with you in supervision.", "success")
    return redirect(url_for(".drift_log"))


@bp.post("/drift/<int:drift_entry_id>/delete")
@role_required(Role.TRAINEE)
def drift_delete(drift_entry_id: int):
    entry = db.session.get(DriftEntry, drift_entry_id)
    # Someone else's entry does not exist as far as this person is concerned.
    if entry is None or entry.worker_id != current_user.id:
        abort(404)
    drift_services.delete_entry(entry)
    flash("Entry removed from your log.", "success")
    return redirect(url_for(".drift_log"))


@bp.get("/drift/supervisees")
@role_required(Role.SUPERVISOR)
def drift_supervisees():
    people = drift_queries.worker_ids_of(db.session, db.session.scalars(
        supervisee_ids_stmt(current_user.id)))  # fmt: skip
    sizes = drift_queries.log_sizes(db.session, [p.id for p in people])
    return render_template("integration/drift_supervisees.html", people=people, sizes=sizes)


@bp.get("/drift/supervisees/<int:worker_id>")
@role_required(Role.SUPERVISOR)
def drift_supervisee(worker_id: int):
    worker = db.session.get(User, worker_id) or abort(404)
    if not may_read_drift_log(current_user, worker):
        refuse("drift_log_view", "user", worker_id)
    audit.log_now("drift_log_view", "user", worker_id)
    entries = drift_queries.own_entries(db.session, worker_id)
    return render_template("integration/drift_supervisee.html", worker=worker, entries=entries,
                           **LABELS)  # fmt: skip


@bp.get("/drift/report")
@role_required(Role.MANAGER)
def drift_report_page():
    return report_pages.page(
        "integration/drift_report.html", drift_report.build, drift_queries.period
    )


@bp.get("/drift/report.csv")
@role_required(Role.MANAGER)
def drift_report_csv():
    return report_pages.csv(drift_report.build, "role-drift")
