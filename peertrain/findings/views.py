"""Routes for finding work: the finding's page, and acknowledge, assign, note, handled."""

from __future__ import annotations

from dataclasses import replace

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from .. import audit
from ..authz import managed_team_ids, may_own_finding, role_required, scope_covers
from ..extensions import db
from ..models import Role, User
from ..reports import cache
from ..reports.filters import default_filters
from ..reports.queries import Targets
from . import bp, read, services
from .forms import AssignForm, ButtonForm, NoteForm


def _load(key: str, action: str):
    """(subject, finding computed now or None, state or None, filters). 404 for a key that
    is malformed or names nothing; 403, audited, outside the manager's scope."""
    if not read.valid_key(key):
        abort(404)
    state = read.states(db.session, [key]).get(key)
    if state is not None or ":user-" not in key:
        team_id = state.team_id if state is not None else read.team_of(key, {})
    else:
        team_id = read.team_of(key, read.supervisor_teams(db.session, [key]))
    scope = managed_team_ids(current_user)  # read once: it decides, then it filters
    if not scope_covers(scope, team_id):  # authz.may_work_on_finding, scope already read
        audit.log_now(action, "finding", key, outcome="denied")
        abort(403)
    f = default_filters(None if scope is None else frozenset(scope))
    if team_id is not None:
        f = replace(f, team_id=team_id)  # only that team's figures: cheaper, same finding
    # The dashboard's cached figures (for this team alone): the same answer the manager
    # followed here, and no recomputation of every figure on each view.
    every, as_of = cache.findings(db.session, f, Targets.load())
    found = next((x for x in every if x.key == key), None)
    if found is None and state is None:
        abort(404)
    title = found.title if found else state.title
    return services.Subject(key, team_id, title, as_of), found, state, f


def _assign_form(team_id, formdata=True) -> AssignForm:
    form = AssignForm() if formdata else AssignForm(formdata=None)
    form.owner.choices = [("", "Choose a manager")] + read.owner_choices(db.session, team_id)
    return form


def _page(key: str, note_form=None, assign_form=None, status: int = 200):
    subject, found, state, f = _load(key, "finding_view")
    days = read.reopen_days()
    shown = read.shown_status(state, found is not None, f.end, days)
    return render_template(
        "findings/finding.html", subject=subject, finding=found, state=state, f=f,
        status=shown, label=read.LABELS[shown], days=days,
        history=read.history(db.session, state), button=ButtonForm(formdata=None),
        note_form=note_form or NoteForm(formdata=None),
        assign_form=assign_form or _assign_form(subject.team_id, formdata=False),
    ), status  # fmt: skip


def _done(key: str, message: str):
    flash(message, "success")
    return redirect(url_for("findings.finding", key=key), code=303)


@bp.get("/<key>")
@role_required(Role.MANAGER)
def finding(key: str):
    page = _page(key)
    audit.log_now("finding_view", "finding", key)  # the page shows managers' notes
    return page


@bp.post("/<key>/acknowledge")
@role_required(Role.MANAGER)
def acknowledge(key: str):
    subject, *_ = _load(key, "finding_change")
    ButtonForm().validate() or abort(400)
    services.acknowledge(current_user, subject)
    return _done(key, "Finding acknowledged: other managers can see someone has it in hand.")


@bp.post("/<key>/assign")
@role_required(Role.MANAGER)
def assign(key: str):
    subject, *_ = _load(key, "finding_change")
    form = _assign_form(subject.team_id)
    owner = db.session.get(User, form.owner.data) if form.validate() else None
    if owner is None or not may_own_finding(owner, subject.team_id):
        if not form.owner.errors:
            form.owner.errors.append("Choose one of the managers listed.")
        return _page(key, assign_form=form, status=400)
    services.assign(current_user, subject, owner)
    return _done(key, f"Finding assigned to {owner.name}.")


@bp.post("/<key>/notes")
@role_required(Role.MANAGER)
def add_note(key: str):
    subject, *_ = _load(key, "finding_change")
    form = NoteForm()
    if not form.validate() or not form.text.data.strip():
        if not form.text.errors:
            form.text.errors.append("Write the note before adding it.")
        return _page(key, note_form=form, status=400)
    services.add_note(current_user, subject, form.text.data)
    return _done(key, "Note added.")


@bp.post("/<key>/handled")
@role_required(Role.MANAGER)
def mark_handled(key: str):
    subject, *_ = _load(key, "finding_change")
    ButtonForm().validate() or abort(400)
    services.mark_handled(current_user, subject)
    return _done(key, "Finding marked handled.")
