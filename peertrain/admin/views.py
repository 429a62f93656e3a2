"""Flask-Admin model views: users, teams, assignments, manager scopes and targets."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy.orm import joinedload
from wtforms import PasswordField, ValidationError
from wtforms.fields.choices import SelectChoice

from .. import audit
from ..accounts.invitations import invite
from ..auth.services import revoke_all_sessions, set_password
from ..extensions import db
from ..fields import MultiCheckboxField
from ..models import Role, Setting, User
from ..passwords import password_problem
from ..targets import TARGETS, all_targets
from . import list_reads
from .security import SecureBaseView, SecureModelView


class UserAdmin(SecureModelView):
    can_delete = False  # people leave; their records stay. Deactivate instead.
    column_list = [
        "name",
        "email",
        "team",
        "role_names",
        "certification_stage",
        "is_peer",
        "active",
        "invitation",
    ]
    column_labels = {"role_names": "Roles", "is_peer": "Lived experience", "fte": "FTE"}
    column_searchable_list = ["name", "email"]
    column_filters = ["active", "is_peer", "certification_stage", "team.name"]
    column_formatters = {
        "role_names": lambda v, c, m, p: ", ".join(sorted(m.roles)),
        "invitation": lambda v, c, m, p: str(list_reads.invitation_of(m.id)),
    }
    column_details_exclude_list = ["password_hash"]
    column_export_exclude_list = ["password_hash"]
    form_columns = [
        "name",
        "email",
        "role_choices",
        "team",
        "fte",
        "start_date",
        "certification_stage",
        "is_peer",
        "active",
        "new_password",
    ]
    form_extra_fields = {
        "role_choices": MultiCheckboxField(
            "Roles", choices=[SelectChoice(r.value, r.value) for r in Role]
        ),
        "new_password": PasswordField(
            "Set password",
            description="Leave empty to keep the current password (on a new account: to send"
            " an invitation by email instead). At least 12 characters.",
        ),
    }

    def get_query(self):
        return super().get_query().options(joinedload(User.team))  # the list names each team

    def get_list(self, *args, **kwargs):
        count, rows = super().get_list(*args, **kwargs)
        list_reads.remember_page([m.id for m in rows])  # a page's invitations in one query
        return count, rows

    def on_form_prefill(self, form, id):
        model = self.get_one(id)
        form.role_choices.data = sorted(model.roles)

    def create_form(self, obj=None):
        form = super().create_form(obj)
        if request.method == "GET":
            form.role_choices.data = [Role.TRAINEE.value]
        return form

    def on_model_change(self, form, model, is_created):
        password = form.new_password.data
        if password:
            problem = password_problem(password, email=form.email.data, name=form.name.data)
            if problem:
                raise ValidationError(f"Password: {problem}")
        model.email = model.email.strip().lower()
        model.roles = form.role_choices.data or []
        if password:
            set_password(model, password)
            audit.log("admin_set_password", "user", model.id)
        if not model.active and model.id:
            revoke_all_sessions(model.id)

    def after_model_change(self, form, model, is_created):
        super().after_model_change(form, model, is_created)
        if is_created and not model.password_hash:  # they choose their own, from the email
            invite(model, by_id=current_user.id)
            db.session.commit()
            flash(f"An invitation to choose a password has been sent to {model.email}.", "success")


class TeamAdmin(SecureModelView):
    column_list = ["name", "setting"]
    form_columns = ["name", "setting"]
    column_searchable_list = ["name"]


class AssignmentAdmin(SecureModelView):
    can_delete = False  # end an assignment instead: it is the history of who could see what

    column_list = ["supervisor", "supervisee", "start_date", "end_date"]
    column_default_sort = ("start_date", True)
    form_columns = ["supervisor", "supervisee", "start_date", "end_date"]
    column_filters = ["end_date"]

    def on_model_change(self, form, model, is_created):
        # Compare the chosen people, not the ids: on a new row the ids are not set yet.
        if model.supervisor is None or model.supervisee is None:
            raise ValidationError("Choose both a supervisor and a supervisee.")
        if model.supervisor.id == model.supervisee.id:
            raise ValidationError("A person cannot supervise themselves.")
        # Four eyes: supervising someone opens their reflections and rating notes, so an
        # admin may not grant that access to themselves; another admin must.
        if model.supervisor.id == current_user.id:
            raise ValidationError("Another administrator must assign you as a supervisor.")
        if not model.supervisor.has_role(Role.SUPERVISOR):
            raise ValidationError("The supervisor must hold the supervisor role.")
        if model.end_date and model.end_date < model.start_date:
            raise ValidationError("The end date is before the start date.")

    def after_model_change(self, form, model, is_created):
        audit.log_now(
            "admin_create" if is_created else "admin_update",
            "supervision_assignment",
            model.id,
            detail=f"supervisor {model.supervisor_id} -> supervisee {model.supervisee_id}",
        )


class ManagerScopeAdmin(SecureModelView):
    column_list = ["manager", "team", "org_wide"]
    form_columns = ["manager", "team", "org_wide"]
    column_labels = {"org_wide": "Whole organisation"}

    def on_model_change(self, form, model, is_created):
        if model.manager is None:
            raise ValidationError("Choose a manager.")
        if not model.manager.has_role(Role.MANAGER):
            raise ValidationError("That person does not hold the manager role.")
        if model.org_wide == (model.team is not None):
            raise ValidationError("Choose either one team or the whole organisation.")


class TargetsView(SecureBaseView):
    """Targets and thresholds used for supervision due dates and manager findings."""

    @expose("/", methods=["GET", "POST"])
    def index(self):
        errors: dict[str, str] = {}
        values = {k: f"{v:g}" for k, v in all_targets().items()}
        if request.method == "POST":
            for key, target in TARGETS.items():
                values[key] = request.form.get(key, "").strip()
                if problem := target.problem(values[key]):
                    errors[key] = problem
            if not errors:
                for key in TARGETS:
                    row = db.session.get(Setting, key) or Setting(key=key)
                    row.value = values[key]
                    db.session.add(row)
                audit.log("admin_update", "setting", "targets")
                db.session.commit()
                flash("Targets saved.", "success")
                return redirect(url_for(".index"))
        page = self.render("admin/targets.html", targets=TARGETS, values=values, errors=errors)
        return page, 400 if errors else 200
