"""Supervisor routes: current supervisees' progress and the reflections they submitted."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from .. import directory
from ..authz import may_view_training_record, require, role_required
from ..models import Role
from . import bp, queries, services, work
from .plan import build_plan, build_plans


@bp.get("/supervisees")
@role_required(Role.SUPERVISOR)
def supervisees():
    people = directory.current_supervisees(current_user.id)
    counts = work.submitted_counts([p.id for p in people])
    plans = build_plans(people)  # the same few queries for two supervisees or twenty
    rows = [(person, plans[person.id], counts.get(person.id, 0)) for person in people]
    return render_template("training/supervisees.html", rows=rows)


@bp.get("/supervisees/<int:trainee_id>")
@login_required
def supervisee(trainee_id: int):
    viewer = current_user._get_current_object()
    # Every refusal is recorded, like every read.
    trainee = queries.user_by_id(trainee_id)
    require(may_view_training_record(viewer, trainee), "training_record_read", "user", trainee_id)
    reflections = work.submitted_reflections(trainee_id)
    page = render_template(
        "training/supervisee.html",
        trainee=trainee,
        plan=build_plan(trainee),
        attempts=work.attempt_summaries(trainee_id),
        reflections=reflections,
    )
    services.audit_supervisor_view(viewer, trainee_id, [r for r, _ in reflections])
    return page
