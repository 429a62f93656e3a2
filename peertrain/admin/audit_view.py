"""The audit log for an investigation: filters by person, record, action, outcome and dates,
paginated, with a CSV export that is itself audited and safe to open in a spreadsheet."""

from __future__ import annotations

from flask import request
from flask_admin import expose
from flask_admin.contrib.sqla.filters import BaseSQLAFilter

from .. import audit
from ..extensions import db
from ..privacy import audit_queries
from ..reports.tables import spreadsheet_safe
from .security import SecureModelView


class PersonFilter(BaseSQLAFilter):
    """A person by email or user number, in one of three roles towards the event."""

    def __init__(self, name: str, condition) -> None:
        super().__init__(None, name)
        self.condition = condition

    def apply(self, query, value, alias=None):
        return query.filter(self.condition(audit_queries.person_id(db.session, value)))

    def operation(self) -> str:
        return "is (email or user number)"

    def get_column(self, alias):  # the conditions name their own columns
        return None


class AuditAdmin(SecureModelView):
    can_create = can_edit = can_delete = False
    can_export = True
    page_size = 50
    export_types = ["csv"]
    column_list = ["at", "actor", "action", "record_type", "record_id", "outcome", "ip", "detail"]
    column_default_sort = ("at", True)
    column_filters = [
        PersonFilter("Person (actor or subject)", audit_queries.either),
        PersonFilter("Person as actor", audit_queries.as_actor),
        PersonFilter("Person as subject or record owner", audit_queries.as_subject),
        "record_type",
        "record_id",
        "action",
        "outcome",
        "at",
    ]
    column_searchable_list = ["action", "record_type", "record_id"]

    def get_export_value(self, model, name):
        return spreadsheet_safe(super().get_export_value(model, name))

    @expose("/export/<export_type>/")
    def export(self, export_type: str):
        # Who took a copy of the audit trail, and of which part, is itself evidence.
        audit.log_now(
            "audit_export", "audit_event", None, detail=request.query_string.decode()[:300]
        )
        return super().export(export_type)
