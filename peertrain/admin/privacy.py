"""Admin privacy page: a person's leaving date and legal hold, and erasure on request (a
preview of what goes and what stays, then a typed confirmation)."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import or_, select
from wtforms import BooleanField, DateField, StringField
from wtforms.validators import DataRequired, Optional

from .. import audit
from ..extensions import db
from ..forms import AppForm
from ..models import User
from ..privacy import admin_services, erasure
from .security import SecureBaseView

SEARCH_LIMIT = 50


class LeavingForm(AppForm):
    left_on = DateField("Leaving date", validators=[Optional()])


class HoldForm(AppForm):
    hold = BooleanField("Legal hold: keep every record of this person, suspend retention")


class EraseForm(AppForm):
    typed_email = StringField(
        "Type the person's email to confirm", validators=[DataRequired("Type the email.")]
    )


def _search(q: str) -> list[User]:
    if not q:
        return []
    like = f"%{q.strip().lower()}%"
    stmt = select(User).where(or_(User.email.like(like), User.name.ilike(like)))
    return list(db.session.scalars(stmt.order_by(User.name).limit(SEARCH_LIMIT)))


class PrivacyView(SecureBaseView):
    @expose("/")
    def index(self):
        q = request.args.get("q", "").strip()[:120]
        return self.render("admin/privacy_index.html", q=q, people=_search(q))

    def _person(self, person_id: int, *, erase_form=None, leaving_form=None, status=200):
        user = db.session.get(User, person_id) or abort(404)
        audit.log_now("erasure_preview", "user", user.id)
        return self.render(
            "admin/privacy_person.html",
            person=user,
            preview=erasure.preview(db.session, user),
            erase_form=erase_form or EraseForm(formdata=None),
            leaving_form=leaving_form or LeavingForm(formdata=None, left_on=user.left_on),
            hold_form=HoldForm(formdata=None, hold=user.legal_hold),
        ), status

    @expose("/person/<int:person_id>")
    def person(self, person_id: int):
        return self._person(person_id)

    @expose("/person/<int:person_id>/left", methods=["POST"])
    def left(self, person_id: int):
        form = LeavingForm()
        if not form.validate():
            return self._person(person_id, leaving_form=form, status=400)
        admin_services.set_left_on(person_id, form.left_on.data, current_user.id)
        flash("Leaving date saved.", "success")
        return redirect(url_for(".person", person_id=person_id))

    @expose("/person/<int:person_id>/hold", methods=["POST"])
    def hold(self, person_id: int):
        form = HoldForm()
        admin_services.set_legal_hold(person_id, bool(form.hold.data), current_user.id)
        flash("Legal hold set." if form.hold.data else "Legal hold lifted.", "success")
        return redirect(url_for(".person", person_id=person_id))

    @expose("/person/<int:person_id>/erase", methods=["POST"])
    def erase(self, person_id: int):
        form = EraseForm()
        if form.validate():
            req = admin_services.ErasureRequest(person_id, form.typed_email.data, current_user.id)
            try:
                admin_services.erase(req)
            except admin_services.ErasureRefused as refused:
                form.typed_email.errors = [str(refused)]
            else:
                flash(f"Erased: now {erasure.former_name(person_id)}.", "success")
                return redirect(url_for(".person", person_id=person_id))
        return self._person(person_id, erase_form=form, status=400)
