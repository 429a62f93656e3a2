"""Routes of the certification blueprint: readiness per credential and the credential choice."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..authz import may_choose_credential, may_view_certification, refuse, role_required
from ..clock import today
from ..models import Role, User
from . import bp, queries, services
from .credentials import all_credentials, credential_for, default_slug
from .forms import CredentialForm
from .pages_hours import worker_or_404
from .requirements import Step, progress


def _viewer() -> User:
    return current_user._get_current_object()


def _link(step: Step, worker: User) -> str | None:
    """Where a step is done, when that page exists in this installation."""
    if not step.endpoint or step.endpoint not in current_app.view_functions:
        return None
    # Only the arguments the page's rule takes (url_for would add others as a query string).
    known = {"subject_id": worker.id, "worker_id": worker.id}
    for rule in current_app.url_map.iter_rules(step.endpoint):
        if rule.arguments <= set(known):
            return url_for(step.endpoint, **{k: known[k] for k in rule.arguments})
    return None


def _render(worker: User, form: CredentialForm | None = None, status: int = 200):
    viewer = _viewer()
    credential, why = credential_for(worker.id)
    shown = all_credentials().get(request.args.get("credential", "")) or credential
    if viewer.id != worker.id:
        services.log_progress_read(viewer.id, worker.id, shown.id if shown else "none")
    evidence = queries.evidence_for(worker, shown.id) if shown else None
    may_choose = may_choose_credential(viewer, worker)
    if may_choose and form is None:
        form = CredentialForm(all_credentials().values(), credential=shown.id if shown else None)
    return render_template(
        "certification/readiness.html", worker=worker, own=viewer.id == worker.id,
        credential=shown, pursued=credential, why=why, form=form if may_choose else None,
        progress=progress(shown, evidence, today()) if shown else None,
        link=lambda step: _link(step, worker),
    ), status  # fmt: skip


@bp.get("/")
@role_required(Role.TRAINEE)
def mine():
    return redirect(url_for("certification.readiness", worker_id=current_user.id))


@bp.get("/people/<int:worker_id>/readiness")
@login_required
def readiness(worker_id: int):
    worker = worker_or_404(worker_id)
    if not may_view_certification(_viewer(), worker):
        refuse("certification.readiness.read", "user", worker.id)
    return _render(worker)


@bp.post("/people/<int:worker_id>/credential")
@login_required
def choose(worker_id: int):
    worker, viewer = worker_or_404(worker_id), _viewer()
    if not may_choose_credential(viewer, worker):
        refuse("certification.credential.choose", "user", worker.id)
    form = CredentialForm(all_credentials().values())
    if not form.validate_on_submit():
        if may_view_certification(viewer, worker):
            return _render(worker, form, 400)
        return _render_default(form, worker, 400)
    services.choose_credential(worker.id, form.credential.data, viewer.id)
    flash(f"{worker.name} now works towards {all_credentials()[form.credential.data].name}."
          if viewer.id != worker.id else "Your credential is saved.", "success")  # fmt: skip
    if may_view_certification(viewer, worker):
        return redirect(url_for("certification.readiness", worker_id=worker.id))
    return redirect(url_for("certification.admin_credential", worker_id=worker.id))


def _render_default(form: CredentialForm, worker: User | None = None, status: int = 200):
    chosen, why = credential_for(worker.id) if worker else (None, "")
    return render_template(
        "certification/choose.html", form=form, worker=worker, chosen=chosen, why=why,
        credentials=list(all_credentials().values()),
    ), status  # fmt: skip


@bp.get("/people/<int:worker_id>/credential")
@role_required(Role.ADMIN)
def admin_credential(worker_id: int):
    """An admin's view of a worker's choice only: the hours and ratings stay private."""
    worker = worker_or_404(worker_id)
    chosen, _ = credential_for(worker.id)
    form = CredentialForm(all_credentials().values(), credential=chosen.id if chosen else None)
    return _render_default(form, worker)


@bp.route("/default", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def default():
    form = CredentialForm(all_credentials().values(), credential=default_slug())
    if form.validate_on_submit():
        services.set_default_credential(form.credential.data, _viewer().id)
        flash("The organisation's default credential is saved.", "success")
        return redirect(url_for("certification.default"))
    return _render_default(form, None, 400 if form.errors else 200)
