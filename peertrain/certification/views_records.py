"""Routes: an admin records certifications, renewals, exams and revocations; the worker (and
their supervisor) see the certificate, its renewal progress and the portfolios issued."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..authz import may_record_certification, may_view_renewal, refuse, role_required
from ..clock import today
from ..extensions import db
from ..formatting import short_date
from ..models import Certification, Role
from . import bp, services, status
from .credentials import all_credentials
from .forms_records import CertificationForm, ExamForm, RevokeForm
from .pages_hours import worker_or_404
from .services_records import (
    NewCertification,
    RecordRefused,
    default_expiry,
    record_certification,
    record_exam,
    revoke_certification,
)


def _admin_or_403():
    if not may_record_certification(current_user):
        abort(403)


def _forms(worker_id: int, cert_form=None, exam_form=None):
    certs = status.certifications_of(worker_id)
    renewable = [c for c in certs if c.revoked_at is None]
    return (
        certs,
        (cert_form or CertificationForm(all_credentials().values(), renewable)),
        (exam_form or ExamForm(all_credentials().values(), prefix="exam")),
    )


def _admin_page(worker, cert_form=None, exam_form=None, code: int = 200):
    certs, cert_form, exam_form = _forms(worker.id, cert_form, exam_form)
    return render_template(
        "certification/records.html",
        worker=worker,
        certs=certs,
        cert_form=cert_form,
        exam_form=exam_form,
        revoke_form=RevokeForm(prefix="revoke"),
        exams=status.exams_of(worker.id),
        portfolios=status.portfolios_of(worker.id),
        credentials=all_credentials(),
        replaced=status.renewed_ids(certs),
        on=today(),
    ), code


@bp.get("/people/<int:worker_id>/certifications")
@role_required(Role.ADMIN)
def records(worker_id: int):
    return _admin_page(worker_or_404(worker_id))


@bp.post("/people/<int:worker_id>/certifications")
@role_required(Role.ADMIN)
def record(worker_id: int):
    worker = worker_or_404(worker_id)
    _admin_or_403()
    renewable = [c for c in status.certifications_of(worker.id) if c.revoked_at is None]
    form = CertificationForm(all_credentials().values(), renewable)
    if not form.validate_on_submit():
        return _admin_page(worker, cert_form=form, code=400)
    credential = all_credentials()[form.credential.data]
    expires = form.expires_on.data or default_expiry(
        form.certified_on.data, credential.renewal_years
    )
    try:
        record_certification(
            NewCertification(
                worker.id,
                credential.id,
                form.certified_on.data,
                form.certificate_number.data,
                expires,
                int(form.renews.data) if form.renews.data else None,
            ),
            current_user.id,
        )
    except RecordRefused as refused:
        form.renews.errors.append(str(refused))
        return _admin_page(worker, cert_form=form, code=400)
    flash(
        f"{worker.name}'s certification is recorded; it expires on {short_date(expires)}.",
        "success",
    )
    return redirect(url_for("certification.records", worker_id=worker.id))


@bp.post("/people/<int:worker_id>/exams")
@role_required(Role.ADMIN)
def exam(worker_id: int):
    worker = worker_or_404(worker_id)
    _admin_or_403()
    form = ExamForm(all_credentials().values(), prefix="exam")
    if not form.validate_on_submit():
        return _admin_page(worker, exam_form=form, code=400)
    record_exam(
        worker.id, form.credential.data, form.passed_on.data, form.note.data, current_user.id
    )
    flash(f"{worker.name}'s exam result is recorded.", "success")
    return redirect(url_for("certification.records", worker_id=worker.id))


@bp.post("/certifications/<int:cert_id>/revoke")
@role_required(Role.ADMIN)
def revoke(cert_id: int):
    cert = db.session.get(Certification, cert_id) or abort(404)
    _admin_or_403()
    form = RevokeForm(prefix="revoke")
    if not form.validate_on_submit():
        flash(" ".join(form.note.errors), "error")
        return _admin_page(worker_or_404(cert.worker_id), code=400)
    revoke_certification(cert, form.note.data.strip(), current_user.id)
    flash("The certification is revoked; portfolios that cite it no longer verify.", "success")
    return redirect(url_for("certification.records", worker_id=cert.worker_id))


@bp.get("/people/<int:worker_id>/certificate")
@login_required
def renewal(worker_id: int):
    worker = worker_or_404(worker_id)
    if not may_view_renewal(current_user, worker):
        refuse("certification.renewal.read", "user", worker.id)
    if worker.id != current_user.id:
        services.log_progress_read(current_user.id, worker.id, "renewal")
    certs = status.certifications_of(worker.id)
    return render_template(
        "certification/certificate.html",
        worker=worker,
        own=worker.id == current_user.id,
        renewal=status.renewal_for(worker.id, today()),
        certs=certs,
        replaced=status.renewed_ids(certs),
        on=today(),
        state=status.state,
        portfolios=status.portfolios_of(worker.id),
        credentials=all_credentials(),
    )
