"""Deletes in two steps on the server, so a click deletes nothing with or without JavaScript."""

from __future__ import annotations

from flask import flash, redirect, request
from flask_admin import expose
from flask_admin.helpers import get_redirect_target
from wtforms import ValidationError


class ConfirmedDeletes:
    """Mix in before SecureModelView. A delete POST without ``confirm=yes`` shows "Delete X?
    This cannot be undone." with a Confirm button (admin-confirm.js asks in the page instead
    and sends ``confirm=yes``). A subclass refuses a delete by returning a reason from
    ``delete_refusal``; the refusal holds on every path, bulk action included."""

    # The bulk "Delete" action would skip the confirmation page: deletes go one at a time.
    action_disallowed_list = ["delete"]

    def delete_refusal(self, model) -> str | None:
        return None

    @expose("/delete/", methods=("POST",))
    def delete_view(self):
        if request.form.get("confirm") == "yes":
            return super().delete_view()
        return_url = get_redirect_target() or self.get_url(".index_view")
        form = self.delete_form()
        if not self.can_delete or not self.validate_form(form):
            return redirect(return_url)
        model = self.get_one(form.id.data)
        if model is None:
            flash("That record no longer exists.", "error")
            return redirect(return_url)
        if reason := self.delete_refusal(model):
            flash(reason, "error")
            return redirect(return_url)
        return self.render(
            "admin/confirm_delete.html",
            model=model,
            pk=self.get_pk_value(model),
            kind=self.name.rstrip("s").lower() if self.name else "record",
            delete_form=form,
            return_url=return_url,
        )

    def on_model_delete(self, model):
        if reason := self.delete_refusal(model):
            raise ValidationError(reason)
        super().on_model_delete(model)
