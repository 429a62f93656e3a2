"""Flask-Admin, built per app inside the factory so tests can create many apps."""

from __future__ import annotations

from flask import Flask
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

from ..extensions import db
from ..headers import csp_nonce
from ..models import AuditEvent, ManagerScope, SupervisionAssignment, Team, User
from .audit_view import AuditAdmin
from .content import ContentView
from .privacy import PrivacyView
from .security import SecureIndexView
from .views import AssignmentAdmin, ManagerScopeAdmin, TargetsView, TeamAdmin, UserAdmin

# The admin menu in five entries (Home and four groups), as every role's menu is kept to six.
PEOPLE, TEAMS, SETTINGS, RECORDS = "People", "Teams and supervision", "Settings", "Records"


def init_admin(app: Flask) -> Admin:
    admin = Admin(
        app,
        name="PeerTrain admin",
        index_view=SecureIndexView(url="/admin", endpoint="admin"),
        theme=Bootstrap4Theme(swatch="default", base_template="admin/peertrain_base.html"),
        csp_nonce_generator=csp_nonce,
    )
    s = db  # Flask-Admin 2 takes the extension itself
    admin.add_view(UserAdmin(User, s, name="Users", endpoint="admin_users", category=PEOPLE))
    admin.add_view(TeamAdmin(Team, s, name="Teams", endpoint="admin_teams", category=TEAMS))
    admin.add_view(
        AssignmentAdmin(
            SupervisionAssignment,
            s,
            name="Supervision assignments",
            endpoint="admin_assignments",
            category=TEAMS,
        )
    )
    admin.add_view(
        ManagerScopeAdmin(
            ManagerScope, s, name="Manager scopes", endpoint="admin_scopes", category=TEAMS
        )
    )
    admin.add_view(TargetsView(name="Targets", endpoint="admin_targets", category=SETTINGS))
    admin.add_view(ContentView(name="Content", endpoint="admin_content", category=SETTINGS))
    admin.add_view(
        AuditAdmin(AuditEvent, s, name="Audit log", endpoint="admin_audit", category=RECORDS)
    )
    admin.add_view(PrivacyView(name="Privacy", endpoint="admin_privacy", category=RECORDS))
    from ..accounts.admin import ImportView, InvitationsView

    admin.add_view(
        InvitationsView(name="Invitations", endpoint="admin_invitations", category=PEOPLE)
    )
    admin.add_view(ImportView(name="Import users", endpoint="admin_import", category=PEOPLE))
    from ..mail.admin import OutboxView

    admin.add_view(OutboxView(name="Mail outbox", endpoint="admin_mail", category=RECORDS))
    from ..approvals.views import ApprovalsView

    admin.add_view(ApprovalsView(name="Approvals", endpoint="admin_approvals", category=PEOPLE))
    return admin
