"""Admin-only access for every Flask-Admin view: anonymous users log in, others get 403."""

from __future__ import annotations

from flask import abort
from flask_admin import AdminIndexView, BaseView, expose
from flask_admin.contrib.sqla import ModelView
from flask_login import current_user
from flask_wtf import FlaskForm

from .. import audit
from ..authz import is_admin
from ..extensions import login_manager


def _inaccessible():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    abort(403)


class AdminForm(FlaskForm):
    """Flask-WTF's CSRF token (so the app-wide CSRFProtect accepts admin forms), plus the
    `_obj` Flask-Admin's Unique validator uses to let a record keep its own email on edit."""

    def __init__(self, *args, obj=None, **kwargs):
        self._obj = obj
        super().__init__(*args, obj=obj, **kwargs)


class AdminOnly:
    def is_accessible(self) -> bool:
        return is_admin(current_user)

    def inaccessible_callback(self, name, **kwargs):
        return _inaccessible()


class SecureIndexView(AdminOnly, AdminIndexView):
    @expose("/")
    def index(self):
        return self.render("admin/peertrain_index.html")


class SecureBaseView(AdminOnly, BaseView):
    pass


class SecureModelView(AdminOnly, ModelView):
    form_base_class = AdminForm
    page_size = 50
    can_view_details = True

    def after_model_change(self, form, model, is_created):
        audit.log_now(
            "admin_create" if is_created else "admin_update", model.__tablename__, model.id
        )

    def after_model_delete(self, model):
        audit.log_now("admin_delete", model.__tablename__, getattr(model, "id", None))
