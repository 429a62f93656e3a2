"""Admin page of pending changes: another admin approves or rejects each one (POST, CSRF)."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_admin import expose
from flask_login import current_user

from ..admin.security import SecureBaseView
from ..authz import approvals_required
from ..extensions import db
from . import queries, services


class ApprovalsView(SecureBaseView):
    @expose("/")
    def index(self):
        return self.render(
            "admin/approvals.html",
            waiting=queries.open_changes(db.session),
            decided=queries.recent_decisions(db.session),
            rule_in_force=approvals_required(),
            me=current_user.id,
        )

    @expose("/<int:change_id>/approve", methods=["POST"])
    def approve(self, change_id: int):
        return self._decide(services.approve, change_id, "Approved and applied.")

    @expose("/<int:change_id>/reject", methods=["POST"])
    def reject(self, change_id: int):
        return self._decide(services.reject, change_id, "Rejected: nothing was changed.")

    def _decide(self, decide, change_id: int, done: str):
        try:
            decide(change_id, current_user)
        except services.ApprovalError as refused:
            flash(str(refused), "error")
            return redirect(url_for(".index"))
        flash(done, "success")
        return redirect(url_for(".index"))
