"""Flask-Admin model views: users, teams, assignments, manager scopes and targets."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from wtforms import PasswordField, ValidationError
from wtforms.fields.choices import SelectChoice

from .. import audit
from ..accounts import reset
from ..accounts.invitations import invite
from ..approvals import access as grants
from ..approvals import services as approvals
from ..auth.services import revoke_all_sessions, set_password
from ..authz import (
    access_roles_granted,
    approvals_required,
    assignment_change_opens_access,
    may_set_password,
    scope_change_opens_access,
)
from ..extensions import db
from ..fields import MultiCheckboxField
from ..models import ManagerScope, Role, SelfAssessment, Setting, Team, User
from ..passwords import hash_password, password_problem
from ..targets import TARGETS, all_targets
from . import duties, list_reads, user_form
from .deletes import ConfirmedDeletes
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
    column_labels = user_form.LABELS
    column_searchable_list = ["name", "email"]
    column_filters = ["active", "is_peer", "certification_stage", "team.name"]
    column_formatters = {
        "role_names": lambda v, c, m, p: user_form.role_names(m),
        "certification_stage": lambda v, c, m, p: user_form.stage_name(m),
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
            "Roles", choices=[SelectChoice(v, label) for v, label in user_form.ROLE_CHOICES]
        ),
        "new_password": PasswordField("Set password"),
    }

    edit_template = "admin/user_edit.html"

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
        user_form.password_hint(form, is_new=True)
        return form

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is not None and not may_set_password(current_user, obj):
            del form.new_password  # the edit page offers "Send a reset link" instead
        user_form.password_hint(form, is_new=False)
        return form

    def get_save_return_url(self, model, is_created=False):
        default = super().get_save_return_url(model, is_created)
        return user_form.after_create_url(model, default) if is_created else default

    def on_model_change(self, form, model, is_created):
        with db.session.no_autoflush:  # the old roles must be read before the form's are flushed
            password = form.new_password.data if "new_password" in form else None
            if not password and request.form.get("new_password"):
                raise ValidationError(
                    "This person has signed in, so only they set their password: send them"
                    " a reset link instead."
                )
            if password:
                problem = password_problem(password, email=form.email.data, name=form.name.data)
                if problem:
                    raise ValidationError(f"Password: {problem}")
            old_email = None if is_created else duties.before(model, ["email"])["email"]
            wanted = {Role(r) for r in form.role_choices.data or []}
            opening = access_roles_granted(model.roles, wanted)
            waits = approvals_required() and bool(opening or password)
            model.email = model.email.strip().lower()
            duties.email_change(model, old_email, is_created)
            model.roles = wanted - opening if waits else wanted
            if password and not waits:
                set_password(model, password)
        db.session.flush()  # a new account's id, for the audit events and requests below
        if waits:
            self._request_approval(model, opening, password)
            form.password_waits = bool(password)
        else:
            if opening:
                audit.log(
                    "admin_update",
                    "user",
                    model.id,
                    detail=f"roles granted: {duties.names(opening)}",
                )
                grants.roles_granted(model, opening)
            if password:
                audit.log("admin_set_password", "user", model.id)
                grants.password_set(model)
        if not model.active and not is_created:
            revoke_all_sessions(model.id)

    def _request_approval(self, model, opening, password) -> None:
        if opening:
            approvals.request_change(
                "roles",
                record_type="user",
                record_id=model.id,
                grantee_id=model.id,
                summary=f"Give {model} the {duties.names(opening)} role",
                payload={"user_id": model.id, "roles": sorted(r.value for r in opening)},
                by_id=current_user.id,
            )
        if password:
            approvals.request_change(
                "password",
                record_type="user",
                record_id=model.id,
                grantee_id=current_user.id,  # whoever knows the password gains the account
                summary=f"Set a password (chosen by an admin) for {model}",
                payload={"user_id": model.id, "password_hash": hash_password(password)},
                by_id=current_user.id,
            )
        flash(f"{approvals.WAITS}: the rest of the change is saved.", "warning")

    def after_model_change(self, form, model, is_created):
        super().after_model_change(form, model, is_created)
        pending = getattr(form, "password_waits", False)
        if is_created and not model.password_hash and not pending:  # they choose their own
            invite(model, by_id=current_user.id)
            db.session.commit()
            flash(f"An invitation to choose a password has been sent to {model.email}.", "success")

    @expose("/reset-link/<int:user_id>", methods=["POST"])
    def reset_link(self, user_id: int):
        user = db.session.get(User, user_id) or abort(404)
        if not user.active:
            flash("This account is deactivated: reactivate it first.", "error")
        else:
            reset.send_link_for(user, by_id=current_user.id)
            flash(f"A reset link has been sent to {user.email}.", "success")
        return redirect(url_for(".edit_view", id=user.id))


class TeamAdmin(ConfirmedDeletes, SecureModelView):
    column_list = ["name", "setting"]
    form_columns = ["name", "setting"]
    column_searchable_list = ["name"]

    def delete_refusal(self, team: Team) -> str | None:
        """Deleting a team would drop its managers' scopes and readiness assessments and leave
        its people without a team: it must be empty first, a decision made person by person."""
        people = db.session.scalar(select(func.count(User.id)).where(User.team_id == team.id))
        scopes = db.session.scalar(
            select(func.count(ManagerScope.id)).where(ManagerScope.team_id == team.id)
        )
        assessments = db.session.scalar(
            select(func.count(SelfAssessment.id)).where(SelfAssessment.team_id == team.id)
        )
        held = [
            f"{n} {one if n == 1 else many}"
            for n, one, many in (
                (people, "person", "people"),
                (scopes, "manager scope", "manager scopes"),
                (assessments, "readiness assessment", "readiness assessments"),
            )
            if n
        ]
        if not held:
            return None
        return (
            f"Team {team.name} was not deleted: it still has {', '.join(held)}. "
            "Move its people to another team and remove its manager scopes first."
        )


class AssignmentAdmin(SecureModelView):
    can_delete = False  # end an assignment instead: it is the history of who could see what

    column_list = ["supervisor", "supervisee", "start_date", "end_date"]
    column_default_sort = ("start_date", True)
    form_columns = ["supervisor", "supervisee", "start_date", "end_date"]
    column_filters = ["end_date"]

    def create_form(self, obj=None):
        form = super().create_form(obj)
        user_form.prefill_supervisee(form)
        return form

    def on_model_change(self, form, model, is_created):
        with db.session.no_autoflush:
            # Compare the chosen people, not the ids: on a new row the ids are not set yet.
            # Four eyes: supervising someone opens their reflections and rating notes, so an
            # admin may not grant that access to themselves (authz.may_be_assigned_by).
            problem = approvals.assignment_problem(
                model.supervisor, model.supervisee, model.start_date, model.end_date, current_user
            )
            if problem:
                raise ValidationError(problem)
            new = {
                "supervisor_id": model.supervisor.id,
                "supervisee_id": model.supervisee.id,
                "start_date": model.start_date,
                "end_date": model.end_date,
            }
            # supervisor_id/supervisee_id still hold the old people until the flush.
            opens = is_created or assignment_change_opens_access(duties.before(model, new), new)
            form.opens_access = opens and not approvals_required()
            if opens and not form.opens_access:
                duties.divert(model, is_created)
                approvals.request_change(
                    "assignment",
                    record_type="supervision_assignment",
                    record_id=None if is_created else model.id,
                    grantee_id=new["supervisor_id"],
                    summary=duties.assignment_summary(new),
                    payload=new
                    | {"start_date": new["start_date"].isoformat()}
                    | {"end_date": new["end_date"] and new["end_date"].isoformat()},
                    by_id=current_user.id,
                )
                form.waits = True
                flash(f"{approvals.WAITS}: nothing has changed yet.", "warning")

    def after_model_change(self, form, model, is_created):
        if getattr(form, "waits", False):
            return  # nothing was saved but the request, which is audited with its own id
        audit.log(
            "admin_create" if is_created else "admin_update",
            "supervision_assignment",
            model.id,
            detail=f"supervisor {model.supervisor_id} -> supervisee {model.supervisee_id}",
        )
        if form.opens_access:
            grants.supervision_opened(model)
        db.session.commit()


class ManagerScopeAdmin(ConfirmedDeletes, SecureModelView):
    column_list = ["manager", "team", "org_wide"]
    form_columns = ["manager", "team", "org_wide"]
    column_labels = {"org_wide": "Whole organisation"}

    def on_model_change(self, form, model, is_created):
        with db.session.no_autoflush:
            if problem := approvals.scope_problem(model.manager, model.team, model.org_wide):
                raise ValidationError(problem)
            new = {
                "manager_id": model.manager.id,
                "team_id": model.team.id if model.team else None,
                "org_wide": bool(model.org_wide),
            }
            opens = is_created or scope_change_opens_access(duties.before(model, new), new)
            form.opens_access = opens and not approvals_required()
            if opens and not form.opens_access:
                duties.divert(model, is_created)
                where = "the whole organisation" if new["org_wide"] else f"team {model.team}"
                approvals.request_change(
                    "scope",
                    record_type="manager_scope",
                    record_id=None if is_created else model.id,
                    grantee_id=new["manager_id"],
                    summary=f"Let manager {model.manager} see {where}",
                    payload=new,
                    by_id=current_user.id,
                )
                form.waits = True
                flash(f"{approvals.WAITS}: nothing has changed yet.", "warning")

    def after_model_change(self, form, model, is_created):
        if getattr(form, "waits", False):
            return
        super().after_model_change(form, model, is_created)
        if form.opens_access:
            grants.scope_opened(model)
            db.session.commit()


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
                current = all_targets()
                for key in TARGETS:
                    if duties.setting_waits(key, current[key], values[key]):
                        continue  # loosening the approval rule waits for another admin
                    row = db.session.get(Setting, key) or Setting(key=key)
                    row.value = values[key]
                    db.session.add(row)
                audit.log("admin_update", "setting", "targets")
                db.session.commit()
                flash("Targets saved.", "success")
                return redirect(url_for(".index"))
        page = self.render("admin/targets.html", targets=TARGETS, values=values, errors=errors)
        return page, 400 if errors else 200
