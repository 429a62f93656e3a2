"""The person's own privacy pages: who has read my records, and my data export."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_login import current_user, login_required

from ..clock import today
from ..extensions import db
from ..inputs import page_number
from . import access_history, bp, export_services, queries_me
from .forms import ExportForm

PER_PAGE = 50


@bp.get("/")
@login_required
def index():
    return render_template("privacy/index.html")


@bp.get("/reads")
@login_required
def reads():
    page = page_number()
    found = access_history.reads_page(db.session, current_user.id, page=page, per_page=PER_PAGE)
    return render_template("privacy/reads.html", found=found)


def _export_page(status: int = 200, error: str | None = None):
    rows = queries_me.my_export_requests(db.session, current_user.id)
    return render_template(
        "privacy/export.html",
        rows=rows,
        form=ExportForm(),
        error=error,
        open_request=export_services.open_request(current_user.id),
    ), status


@bp.get("/export")
@login_required
def export():
    return _export_page()


@bp.post("/export")
@login_required
def request_export():
    if not ExportForm().validate_on_submit():
        return _export_page(400, "The form had expired. Please ask again.")
    try:
        req = export_services.request_export(current_user)
    except export_services.ExportRefused as refused:
        return _export_page(409, str(refused))
    ready = req.status.value == "ready"
    flash("Your export is ready to download." if ready else "Your export is being prepared.")
    return redirect(url_for("privacy.export"))


@bp.post("/export/<int:export_request_id>/download")
@login_required
def download(export_request_id: int):
    if not ExportForm().validate_on_submit():
        return _export_page(400, "The form had expired. Please try again.")
    try:
        content = export_services.download(current_user, export_request_id)
    except LookupError:
        abort(404)
    except export_services.ExportRefused as refused:
        return _export_page(410, str(refused))
    name = f"peertrain-my-data-{today().isoformat()}.zip"
    return send_file(
        io.BytesIO(content), mimetype="application/zip", download_name=name, as_attachment=True
    )
