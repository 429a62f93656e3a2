"""Routes for one session: its page, editing, history, addenda, reflections, actions, flags."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import audit
from ..auth.views import safe_next
from ..authz import may_complete_action, may_edit_session, may_view_session
from ..clock import today
from ..models import SessionStatus
from . import bp, drafts, queries, services
from .drafts import DraftKey
from .fields import error_items
from .forms import EditForm
from .forms_session import ActionForm, AddendumForm, FlagForm, ReflectionForm
from .rescue import keeps_notes


def _visible(session_id: int):
    """The session if this person is in it; anyone else is refused, and that is recorded."""
    sess = queries.load_session(session_id)
    if sess is None:
        abort(404)
    if not may_view_session(current_user, sess):
        services.log_read(session_id, outcome="denied")
        abort(403)
    return sess


def _editable_by_me(sess, action: str):
    if not may_edit_session(current_user, sess):
        services.log_read(sess.id, action, outcome="denied")
        abort(403)


def _mine(sess):
    return next((p for p in sess.participants if p.supervisee_id == current_user.id), None)


def _render(sess, status: int = 200, errors=(), **forms):
    """The session page. Every showing of the notes is audited, re-shows after errors too."""
    me = current_user
    author = may_edit_session(me, sess)
    part = _mine(sess)
    notices = {}
    if part is not None and "reflection_form" not in forms:
        key = DraftKey("reflection", sess.id)
        draft = drafts.get(me.id, key)
        notices["reflection"] = draft
        forms["reflection_form"] = (
            ReflectionForm(formdata=drafts.as_formdata(draft))
            if draft
            else ReflectionForm(formdata=None, reflection=part.reflection)
        )
    if author:
        if "addendum_form" not in forms:
            draft = drafts.get(me.id, DraftKey("addendum", sess.id))
            notices["addendum"] = draft
            forms["addendum_form"] = AddendumForm(formdata=drafts.as_formdata(draft))
        forms.setdefault("action_form", ActionForm(formdata=None, prefix="action").prepare(sess))
        forms.setdefault("flag_form", FlagForm(formdata=None, prefix="flag").prepare(sess))
    page = render_template(
        "supervision/session.html",
        s=sess,
        author=author,
        part=part,
        can_edit=author and services.edit_window_open(sess),
        window_closes=services.edit_window_closes(sess),
        revisions=queries.revisions_of(sess.id),
        flags=[f for f in sess.flags if author or f.supervisee_id in (None, me.id)],
        completable={a.id for a in sess.actions if may_complete_action(me, a)},
        notices=notices,
        reflection_key=DraftKey("reflection", sess.id),
        addendum_key=DraftKey("addendum", sess.id),
        today=today(),
        errors=list(errors),
        **forms,
    )
    # Audited once the page exists: the commit would otherwise expire what was just loaded.
    services.log_read(sess.id)
    return page, status


@bp.get("/sessions/<int:session_id>")
@login_required
def session(session_id: int):
    return _render(_visible(session_id))


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@keeps_notes
@login_required
def edit_session(session_id: int):
    sess = _visible(session_id)
    _editable_by_me(sess, "update")
    me = current_user._get_current_object()
    key = DraftKey("edit", sess.id)
    if not services.edit_window_open(sess):
        stranded = drafts.get(me.id, key) if request.method == "GET" else None
        if request.method == "POST" or stranded is not None:
            # Typed edits (posted now, or kept as a draft earlier) become a drafted addendum.
            form = (
                EditForm() if stranded is None else EditForm(formdata=drafts.as_formdata(stranded))
            )
            services.edit_too_late(me, sess, form)
            flash(
                "The editing window closed while you were writing, so the record was not "
                "changed. Your changes are waiting below as an addendum: check it and add it.",
                "warning",
            )
        elif sess.status == SessionStatus.CANCELLED:
            flash("A cancelled session is not edited. You can add an addendum.", "info")
        else:
            flash("The editing window for this record has closed. You can add an addendum.", "info")
        return redirect(url_for(".session", session_id=sess.id, _anchor="addendum"))
    draft = None
    if request.method == "GET":
        draft = drafts.get(me.id, key)
        form = EditForm(formdata=drafts.as_formdata(draft)) if draft else EditForm(obj=sess)
        status = 200
    else:
        form = EditForm()
        if form.validate():
            result = services.edit_session(me, sess, form, drafts.payload_from(request.form))
            if result == services.CONFLICT:
                return _conflict(sess, form)
            if result == services.UNCHANGED:
                flash("There were no changes to save.", "info")
            else:
                flash("Changes saved. The earlier text is kept in the record's history.", "success")
            return redirect(url_for(".session", session_id=sess.id))
        status = 400
    page = render_template(
        "supervision/edit.html",
        s=sess,
        form=form,
        key=key,
        draft=draft,
        stale_draft=bool(draft) and form.version.data != str(sess.version),
        window_closes=services.edit_window_closes(sess),
        errors=error_items(form) if status == 400 else [],
    )
    if request.method == "GET":
        services.log_read(sess.id)  # the edit form shows the stored notes
    return page, status


def _conflict(sess, form):
    """Both versions side by side: theirs as saved, yours still editable and now based on
    theirs, so saving again is a deliberate choice and nothing typed is lost."""
    db_sess = queries.load_session(sess.id)
    form.version.data = str(db_sess.version)
    names = queries.user_names([db_sess.updated_by_id] if db_sess.updated_by_id else [])
    page = render_template(
        "supervision/conflict.html",
        s=db_sess,
        form=form,
        key=DraftKey("edit", sess.id),
        saved_by=names.get(db_sess.updated_by_id),
    )
    return page, 409


@bp.get("/sessions/<int:session_id>/revisions/<int:session_revision_id>")
@login_required
def revision(session_id: int, session_revision_id: int):
    sess = _visible(session_id)
    rev = queries.revision(sess.id, session_revision_id)
    if rev is None:
        abort(404)
    page = render_template("supervision/revision.html", s=sess, rev=rev)
    services.log_read(sess.id, "view_revision")
    return page


@bp.post("/sessions/<int:session_id>/addenda")
@keeps_notes
@login_required
def add_addendum(session_id: int):
    sess = _visible(session_id)
    _editable_by_me(sess, "add_addendum")
    form = AddendumForm()
    if form.validate():
        services.add_addendum(current_user, sess, form.text.data)
        flash("Addendum added.", "success")
        return redirect(url_for(".session", session_id=sess.id, _anchor="addenda"))
    return _render(sess, 400, error_items(form), addendum_form=form)


@bp.post("/sessions/<int:session_id>/reflection")
@keeps_notes
@login_required
def save_reflection(session_id: int):
    sess = _visible(session_id)
    part = _mine(sess)
    if part is None:
        services.log_read(sess.id, "reflection", outcome="denied")
        abort(403)
    form = ReflectionForm()
    if form.validate():
        services.save_reflection(current_user, part, form.reflection.data)
        flash("Your reflection is saved.", "success")
        return redirect(url_for(".session", session_id=sess.id, _anchor="reflection"))
    return _render(sess, 400, error_items(form), reflection_form=form)


@bp.post("/sessions/<int:session_id>/acknowledge")
@login_required
def acknowledge(session_id: int):
    sess = _visible(session_id)
    part = _mine(sess)
    if part is None:
        services.log_read(sess.id, "acknowledge", outcome="denied")
        abort(403)
    if services.acknowledge(part):
        flash("Thank you: your supervisor can see that you have read this record.", "success")
    return redirect(url_for(".session", session_id=sess.id))


@bp.post("/sessions/<int:session_id>/actions")
@login_required
def add_action(session_id: int):
    sess = _visible(session_id)
    _editable_by_me(sess, "add_action")
    form = ActionForm(prefix="action").prepare(sess)
    if form.validate():
        services.add_action(sess, form)
        flash("Action item added.", "success")
        return redirect(url_for(".session", session_id=sess.id, _anchor="actions"))
    return _render(sess, 400, error_items(form), action_form=form)


@bp.post("/sessions/<int:session_id>/flags")
@login_required
def add_flag(session_id: int):
    sess = _visible(session_id)
    _editable_by_me(sess, "add_flag")
    form = FlagForm(prefix="flag").prepare(sess)
    if form.validate():
        services.add_flag(sess, form)
        flash("Flag added.", "success")
        return redirect(url_for(".session", session_id=sess.id, _anchor="flags"))
    return _render(sess, 400, error_items(form), flag_form=form)


@bp.post("/actions/<int:action_item_id>/done")
@login_required
def action_done(action_item_id: int):
    item = queries.action_item(action_item_id)
    if item is None:
        abort(404)
    if not may_complete_action(current_user, item):
        audit.log_now("action_done", "action_item", item.id, outcome="denied")
        abort(403)
    services.set_action_done(item, request.form.get("done", "1") == "1")
    back = safe_next(request.form.get("next"))
    return redirect(back or url_for(".session", session_id=item.session_id, _anchor="actions"))
