"""Routes for one session: its page, editing, history, addenda, reflections, actions, flags."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..auth.views import safe_next
from ..authz import (
    completable_action_ids,
    is_session_author,
    is_session_participant,
    may_complete_action,
    may_edit_session,
    may_read_session_reflections,
    may_see_flag,
    may_view_session,
    refuse,
)
from ..clock import today
from ..models import SessionStatus
from . import bp, drafts, form_entries, queries, services
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
        refuse("view", services.SESSION, session_id)
    return sess


def _editable_by_me(sess, action: str):
    if not may_edit_session(current_user, sess):
        refuse(action, services.SESSION, sess.id)


def _mine(sess):
    """This person's row in the session (acknowledgement, reflection), if they are in it."""
    if not is_session_participant(current_user, sess):
        return None
    return next(p for p in sess.participants if p.supervisee_id == current_user.id)


def _mine_or_403(sess, action: str):
    """Supervisee-only actions: the caller's row, or an audited refusal."""
    part = _mine(sess)
    if part is None:
        refuse(action, services.SESSION, sess.id)
    return part


def _render(sess, status: int = 200, errors=(), **forms):
    """The session page. Every showing of the notes is audited, re-shows after errors too, and
    so is every kept draft put back into a form on it."""
    me = current_user
    writer = may_edit_session(me, sess)  # a former supervisor reads the record, adds nothing
    part = _mine(sess)
    notices, stranded = {}, None
    if part is not None and "reflection_form" not in forms:
        found = drafts.restore(me.id, DraftKey("reflection", sess.id))
        notices["reflection"] = found
        forms["reflection_form"] = (
            ReflectionForm(formdata=found.formdata)
            if found
            else ReflectionForm(formdata=None, reflection=part.reflection)
        )
    if writer:
        if "addendum_form" not in forms:
            found = drafts.restore(me.id, DraftKey("addendum", sess.id))
            notices["addendum"] = found
            forms["addendum_form"] = AddendumForm(formdata=found.formdata)
        forms.setdefault("action_form", ActionForm(formdata=None, prefix="action").prepare(sess))
        forms.setdefault("flag_form", FlagForm(formdata=None, prefix="flag").prepare(sess))
        if not services.edit_window_open(sess):
            # Edits kept from before the window closed: offered here, moved only by a POST.
            stranded = drafts.restore(me.id, DraftKey("edit", sess.id))
    page = render_template(
        "supervision/session.html",
        s=sess,
        author=is_session_author(me, sess),
        writer=writer,
        part=part,
        see_reflections=may_read_session_reflections(me, sess),
        can_edit=writer and services.edit_window_open(sess),
        window_closes=services.edit_window_closes(sess),
        revisions=queries.revisions_of(sess.id),
        flags=[f for f in sess.flags if may_see_flag(me, sess, f)],
        completable=completable_action_ids(me, sess),
        notices=notices,
        stranded=stranded,
        reflection_key=DraftKey("reflection", sess.id),
        addendum_key=DraftKey("addendum", sess.id),
        today=today(),
        errors=list(errors),
        **forms,
    )
    # Audited once the page exists: the commit would otherwise expire what was just loaded.
    drafts.log_restored(*notices.values())
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
        return _edit_closed(me, sess, key)
    if "stranded" in request.form:  # the window is open again (a longer target): just edit
        return redirect(url_for(".edit_session", session_id=sess.id))
    found = drafts.Restore()
    if request.method == "GET":
        found = drafts.restore(me.id, key)
        form = EditForm(formdata=found.formdata) if found else EditForm(obj=sess)
        status = 200
    else:
        form = EditForm()
        if form.validate():
            posted = drafts.payload_from(request.form)
            result = services.edit_session(me, sess, form_entries.edit(form), posted)
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
        draft=found,
        stale_draft=bool(found) and form.version.data != str(sess.version),
        window_closes=services.edit_window_closes(sess),
        errors=error_items(form) if status == 400 else [],
    )
    if request.method == "GET":
        drafts.log_restored(found)
        services.log_read(sess.id)  # the edit form shows the stored notes
    return page, status


def _edit_closed(me, sess, key: DraftKey):
    """The window has closed. A GET changes nothing: edits kept from before are offered on the
    session page, and its button POSTs here to turn them into an addendum draft. Edits posted
    from a form left open as the window closed become that draft straight away."""
    if request.method == "POST":
        if "stranded" in request.form:
            found = drafts.restore(me.id, key)
            kept = [k for k in (found.other, found.shown) if k is not None]  # oldest first
            late = [EditForm(formdata=drafts.as_formdata(k.draft)) for k in kept]
        else:
            late = [EditForm()]
        if late:
            services.edit_too_late(me, sess, [form_entries.notes(f) for f in late])
            flash(
                "The editing window closed while you were writing, so the record was not "
                "changed. Your changes are waiting below as an addendum: check it and add it.",
                "warning",
            )
    elif drafts.restore(me.id, key):
        flash(
            "The editing window for this record has closed. Your unsaved edits are kept: you "
            "can turn them into an addendum below.",
            "info",
        )
    elif sess.status == SessionStatus.CANCELLED:
        flash("A cancelled session is not edited. You can add an addendum.", "info")
    else:
        flash("The editing window for this record has closed. You can add an addendum.", "info")
    return redirect(url_for(".session", session_id=sess.id, _anchor="addendum"))


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
    part = _mine_or_403(sess, "reflection")
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
    part = _mine_or_403(sess, "acknowledge")
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
        services.add_action(sess, form_entries.action(form))
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
        services.add_flag(sess, form_entries.flag(form))
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
        refuse("action_done", "action_item", item.id)
    services.set_action_done(item, request.form.get("done", "1") == "1")
    back = safe_next(request.form.get("next"))
    return redirect(back or url_for(".session", session_id=item.session_id, _anchor="actions"))
