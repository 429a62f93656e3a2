"""Routes for the supervisor's overview, recording and cancelling sessions, and "my supervision"."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..authz import role_required
from ..clock import today
from ..directory import current_supervisors
from ..inputs import arg_id, page_number
from ..models import Role
from . import bp, drafts, form_entries, overview, queries, services
from .drafts import DraftKey
from .fields import error_items
from .forms import CancelForm, SessionForm
from .rescue import keeps_notes

PER_PAGE = 50


@bp.get("/")
@role_required(Role.SUPERVISOR)
def index():
    me = current_user.id
    recent, total = queries.sessions_by_supervisor(me, per_page=8)
    return render_template(
        "supervision/index.html",
        rows=overview.supervisee_overview(me),
        recent=recent,
        total=total,
        my_actions=queries.actions_owned_by(me, open_only=True),
        gaps=overview.intervals(),
        today=today(),
    )


@bp.get("/sessions")
@role_required(Role.SUPERVISOR)
def sessions():
    page = page_number()
    supervisee_id = arg_id("supervisee")
    rows, total = queries.sessions_by_supervisor(
        current_user.id, supervisee_id=supervisee_id, page=page, per_page=PER_PAGE
    )
    if page > 1 and not rows:
        abort(404)
    # The name comes from this supervisor's own records only, never from an arbitrary id.
    name = next(
        (
            p.supervisee.name
            for r in rows
            for p in r.participants
            if p.supervisee_id == supervisee_id
        ),
        None,
    )
    return render_template(
        "supervision/sessions.html",
        rows=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        supervisee_id=supervisee_id,
        supervisee_name=name,
    )


def _restored(form_class, key: DraftKey):
    """On GET: the form from its kept draft if there is one (and what was kept, for the notice
    that also offers the other version when both an autosaved and a rescued one exist)."""
    found = drafts.restore(current_user.id, key)
    return form_class(formdata=found.formdata), found


@bp.route("/sessions/new", methods=["GET", "POST"])
@keeps_notes
@role_required(Role.SUPERVISOR)
def new_session():
    me = current_user._get_current_object()
    key = DraftKey("new")
    people = queries.supervisee_choices(me.id)
    if request.method == "GET":
        form, found = _restored(SessionForm, key)
        if not found:
            form.held_on.data = today()
            form.minutes.data = 60
            wanted = arg_id("supervisee")
            if wanted in {i for i, _ in people}:
                form.supervisees.data = [wanted]
        form.prepare(me, people)
        page = _render_new(form, key, people, found)
        drafts.log_restored(found)
        return page
    form = SessionForm().prepare(me, people)
    more = request.form.get("more")
    if more in ("action", "flag"):
        form.add_row(more)
        return _render_new(form, key, people, None, adding=True)
    if form.validate():
        sess = services.record_session(me, form_entries.session(form))
        flash(
            "Session recorded. The supervisees can now read it and add their reflection.", "success"
        )
        return redirect(url_for(".session", session_id=sess.id))
    return _render_new(form, key, people, None), 400


def _render_new(form, key, people, draft, adding=False):
    return render_template(
        "supervision/new.html",
        form=form,
        key=key,
        draft=draft,
        has_people=bool(people),
        errors=error_items(form) if request.method == "POST" and not adding else [],
    )


@bp.route("/sessions/cancel", methods=["GET", "POST"])
@keeps_notes
@role_required(Role.SUPERVISOR)
def cancel_session():
    me = current_user._get_current_object()
    key = DraftKey("cancel")
    people = queries.supervisee_choices(me.id)
    found = drafts.Restore()
    if request.method == "GET":
        form, found = _restored(CancelForm, key)
        if not found:
            form.held_on.data = today()
            wanted = arg_id("supervisee")
            if wanted in {i for i, _ in people}:
                form.supervisees.data = [wanted]
        form.prepare(people)
        status = 200
    else:
        form = CancelForm().prepare(people)
        if form.validate():
            sess = services.record_cancellation(me, form_entries.cancellation(form))
            flash("Cancelled session recorded with its reason.", "success")
            return redirect(url_for(".session", session_id=sess.id))
        status = 400
    page = render_template(
        "supervision/cancel.html",
        form=form,
        key=key,
        draft=found,
        has_people=bool(people),
        errors=error_items(form) if status == 400 else [],
    )
    drafts.log_restored(found)
    return page, status


@bp.get("/mine")
@role_required(Role.TRAINEE)
def mine():
    me = current_user.id
    return render_template(
        "supervision/mine.html",
        rows=queries.sessions_of_supervisee(me),
        actions=queries.actions_owned_by(me),
        hours=queries.supervised_hours(me),
        supervisors=[u.name for u in current_supervisors(me)],
        today=today(),
    )
