"""Admin pages: bulk import of users from CSV (upload, preview, confirm) and invitations."""

from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import exists, or_, select

from .. import audit
from ..admin.security import SecureBaseView
from ..extensions import db
from ..forms import AppForm
from ..models import AccountToken, TokenPurpose, User
from . import importing, invitations
from .csvcheck import COLUMNS


class UploadForm(AppForm):
    file = FileField("CSV file", validators=[FileRequired("Choose a CSV file to upload.")])


class ImportView(SecureBaseView):
    """Nothing is written before the admin has seen every row's outcome and confirmed."""

    @expose("/", methods=["GET", "POST"])
    def index(self):
        form = UploadForm()
        if form.validate_on_submit():
            limit = current_app.config["IMPORT_MAX_BYTES"]
            content = form.file.data.read(limit + 1)
            if len(content) > limit:
                form.file.errors.append(f"The file is larger than {limit // 1024} KB; split it.")
            else:
                staged_id = importing.stage(content, form.file.data.filename, current_user.id)
                return redirect(url_for(".preview", staged_id=staged_id))
        page = self.render("accounts/import_upload.html", form=form, columns=COLUMNS)
        return page, 400 if form.errors else 200

    @expose("/<staged_id>/", methods=["GET", "POST"])
    def preview(self, staged_id: str):
        staged = importing.staged(staged_id, current_user.id)
        if staged is None:  # imported already, expired, or another admin's upload
            audit.log_now("import_preview", "staged_import", None, outcome="refused")
            return self.render("accounts/import_gone.html"), 404
        refused = None
        if request.method == "POST":
            try:
                done = importing.confirm(
                    staged_id,
                    current_user.id,
                    valid_only=request.form.get("mode") == "valid",
                    actor_email=current_user.email,
                )
            except importing.ImportRefused as why:
                refused = str(why)
            else:
                flash(
                    f"Imported {done.people} people and invited each of them; "
                    f"{done.assignments} supervision assignments created.",
                    "success",
                )
                if done.waiting:
                    flash(
                        "This change waits for another admin's approval: "
                        f"{done.waiting} role grants and supervision assignments from the file"
                        " (Admin → Approvals).",
                        "warning",
                    )
                return redirect(url_for("admin_invitations.index"))
        report = importing.check(staged.content, actor_email=current_user.email)
        page = self.render(
            "accounts/import_preview.html", report=report, staged=staged, refused=refused
        )
        return page, 400 if refused else 200


def _invited_people() -> list[User]:
    invited = exists().where(
        AccountToken.user_id == User.id, AccountToken.purpose == TokenPurpose.INVITATION
    )
    stmt = select(User).where(or_(invited, User.password_hash.is_(None))).order_by(User.name)
    return list(db.session.scalars(stmt.limit(1000)))


class InvitationsView(SecureBaseView):
    """Who was invited, whether they accepted, and buttons to re-send or revoke."""

    @expose("/")
    def index(self):
        people = _invited_people()
        states = invitations.states([p.id for p in people])
        return self.render("accounts/invitations.html", people=people, states=states)

    @expose("/<int:user_id>/resend", methods=["POST"])
    def resend(self, user_id: int):
        return self._act(invitations.resend, user_id, "A new invitation is on its way.")

    @expose("/<int:user_id>/revoke", methods=["POST"])
    def revoke(self, user_id: int):
        return self._act(invitations.revoke, user_id, "The invitation link no longer works.")

    def _act(self, action, user_id: int, done: str):
        try:
            action(user_id, by_id=current_user.id)
        except invitations.InvitationError as why:
            db.session.rollback()
            flash(str(why), "error")
        else:
            flash(done, "success")
        return redirect(url_for(".index"))
