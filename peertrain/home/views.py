"""Home pages: one per role, each a starting point into that role's work."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from .. import directory
from ..authz import role_required
from ..models import Role
from . import bp, queries

# The order a user with several roles is sent to first after login.
ROLE_HOMES = [
    (Role.SUPERVISOR, "home.supervisor"),
    (Role.TRAINEE, "home.trainee"),
    (Role.MANAGER, "home.manager"),
    (Role.ADMIN, "admin.index"),
]


@bp.route("/")
@login_required
def index():
    for role, endpoint in ROLE_HOMES:
        if current_user.has_role(role):
            return redirect(url_for(endpoint))
    return render_template("home/no_role.html")


@bp.route("/trainee")
@role_required(Role.TRAINEE)
def trainee():
    from ..assessments.readiness import readiness_for
    from ..modules.plan import build_plan

    me = current_user._get_current_object()
    return render_template(
        "home/trainee.html",
        supervisors=directory.current_supervisors(me.id),
        plan=build_plan(me),
        readiness=readiness_for(me),
    )


@bp.route("/supervisor")
@role_required(Role.SUPERVISOR)
def supervisor():
    from ..certification.waiting import waiting_for

    supervisees = directory.current_supervisees(current_user.id, with_roles=False)
    return render_template(
        "home/supervisor.html",
        todo=queries.supervisor_todo(current_user.id),
        supervisees=supervisees,
        recent_days=queries.RECENT_REFLECTION_DAYS,
        hours_waiting=waiting_for(current_user.id, workers=supervisees),
    )


@bp.route("/manager")
@role_required(Role.MANAGER)
def manager():
    teams = queries.teams_in_scope(current_user._get_current_object())
    return render_template("home/manager.html", teams=teams)
