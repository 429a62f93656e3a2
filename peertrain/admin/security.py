"""Admin-only access for every Flask-Admin view: anonymous users log in, others get 403."""

from __future__ import annotations

from datetime import date, datetime

from flask import abort, flash, redirect, request
from flask_admin import AdminIndexView, BaseView, expose
from flask_admin.contrib.sqla import ModelView
from flask_admin.model import typefmt
from flask_login import current_user

from .. import audit
from ..authz import is_admin
from ..extensions import login_manager
from ..formatting import date_time, short_date
from ..forms import AppForm
from ..inputs import MAX_PAGE, record_id
from .native import human, native_controls

SEARCH_MAX = 200  # far longer than any name, email or action searched for


def _inaccessible():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    abort(403)


class AdminForm(AppForm):
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
    list_template = "admin/model/peertrain_list.html"
    page_size = 50
    can_view_details = True
    # Dates in lists and details read as on every other page (issue 18); exports stay ISO.
    column_type_formatters = typefmt.BASE_FORMATTERS | {
        date: lambda view, value, name: short_date(value),
        datetime: lambda view, value, name: date_time(value),
    }

    # Flask-Admin passes ?id= and ?page= to the database as typed: on PostgreSQL "abc" or
    # 2147483648 is a DataError and page=-5 a negative OFFSET (500s). Every admin model is
    # keyed by an integer id, so anything else is simply "no such record" / the first page.
    def get_form(self):
        return native_controls(super().get_form())

    def _prettify_name(self, name: str) -> str:  # column headings: "Start date"
        return human(name)

    def prettify_name(self, name: str) -> str:  # form labels (the sqla form converter asks)
        return human(name)

    def get_one(self, id):  # noqa: A002 - Flask-Admin's signature
        number = record_id(id)
        return None if number is None else super().get_one(str(number))

    def _get_list_extra_args(self):
        args = super()._get_list_extra_args()
        if not 0 <= (args.page or 0) < MAX_PAGE:
            args.page = 0
        if args.search:  # SQLite refuses a LIKE pattern of 50,000 characters ("too complex")
            args.search = args.search[:SEARCH_MAX]
        return args

    def handle_action(self, return_view=None):
        if any(record_id(i) is None for i in request.form.getlist("rowid")):
            flash("Choose records from the list.", "error")
            return redirect(self.get_url(".index_view"))
        return super().handle_action(return_view)

    def after_model_change(self, form, model, is_created):
        audit.log_now(
            "admin_create" if is_created else "admin_update", model.__tablename__, model.id
        )

    def after_model_delete(self, model):
        audit.log_now("admin_delete", model.__tablename__, getattr(model, "id", None))
