"""Routes for a supervisor's sign-off of a period's hours, in one step, and the list of
signatures with their check against the rows as they are now."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_login import login_required
from werkzeug.datastructures import MultiDict

from ..authz import may_open_signoffs, may_sign_hours, refuse
from ..formatting import short_date
from . import bp, services_signoff
from .forms_hours import SignForm
from .pages_hours import viewer, worker_or_404
from .pages_signoff import render

PERSON = "/people/<int:worker_id>"


@bp.get(PERSON + "/signoffs")
@login_required
def signoffs(worker_id: int):
    worker = worker_or_404(worker_id)
    if not may_open_signoffs(viewer(), worker):
        refuse("certification.signoffs.read", "user", worker.id)
    page = render(worker, request.args)  # first: the audit's commit would expire what it reads
    if viewer().id != worker.id:
        services_signoff.log_read(viewer().id, worker.id)
    return page


def _dates(form: SignForm) -> tuple[date, date]:
    try:
        return date.fromisoformat(form.start.data or ""), date.fromisoformat(form.end.data or "")
    except ValueError:
        abort(400)


def _refused(worker, form: SignForm, refused, start: date, end: date):
    """Nothing signed: the message next to the password or code (or on top), the page again."""
    if refused.field in ("code", "password"):
        form[refused.field].errors = [*form[refused.field].errors, str(refused)]
    else:
        flash(str(refused), "error")
    period = MultiDict({"start": start.isoformat(), "end": end.isoformat()})
    return render(worker, period, form, 400)


@bp.post(PERSON + "/signoffs")
@login_required
def sign(worker_id: int):
    worker, me, form = worker_or_404(worker_id), viewer(), SignForm()
    start, end = _dates(form)
    if not form.validate_on_submit() or not may_sign_hours(me, worker, start, end):
        refuse(
            "certification.signoff.sign",
            "user",
            worker.id,
            detail=f"{start} to {end}",
            status=403 if form.validate_on_submit() else 400,
        )
    typed = (form.shown.data or "", form.password.data or "", form.code.data or "")
    try:
        services_signoff.sign(me, worker, start, end, *typed, request.remote_addr)
    except services_signoff.SignRefused as refused:
        return _refused(worker, form, refused, start, end)
    period = f"{short_date(start)} to {short_date(end)}"
    flash(f"Signed: {worker.name}'s hours from {period} are locked.", "success")
    return redirect(url_for("certification.signoffs", worker_id=worker.id))
