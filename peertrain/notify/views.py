"""Notification pages: the list, opening one (marks it read), mark all read, preferences."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..authz import may_open_notification, refuse
from ..extensions import db
from ..inputs import page_number
from ..models import Notification
from . import bp, forms, kinds, queries, services


@bp.get("/")
@login_required
def index():
    page = page_number()
    rows, older = queries.page_of(db.session, current_user.id, page)
    labels = {k.kind: k.label for k in kinds.KINDS.values()}
    return render_template("notify/list.html", rows=rows, page=page, older=older, labels=labels)


@bp.get("/<int:notification_id>")
@login_required
def open_one(notification_id: int):
    row = db.session.get(Notification, notification_id)
    if row is None or not may_open_notification(current_user, row):
        # Another person's notification does not exist for you.
        refuse("notification_open", "notification", notification_id, status=404)
    services.open_notification(row)
    return redirect(row.link)


@bp.post("/read-all")
@login_required
def read_all():
    done = services.mark_all_read(current_user.id)
    flash(f"Marked {done} notification{'' if done == 1 else 's'} as read.", "info")
    return redirect(url_for("notify.index"))


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    form = forms.preferences_form(queries.preferences_of(db.session, current_user.id))
    if request.method == "POST":
        if not form.validate():
            return _preferences_page(form), 400
        services.save_preferences(current_user.id, forms.chosen(form))
        flash("Your notification preferences are saved.", "info")
        return redirect(url_for("notify.preferences"))
    return _preferences_page(form)


def _preferences_page(form):
    return render_template(
        "notify/preferences.html",
        form=form,
        choosable=[(k, getattr(form, forms.field_name(k.kind))) for k in kinds.choosable()],
        security=kinds.security_kinds(),
    )
