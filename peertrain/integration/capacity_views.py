"""Supervisor capacity plan pages: the plan with its evidence, printable, and as one CSV."""

from __future__ import annotations

from flask import abort, render_template

from .. import audit
from ..authz import role_required
from ..extensions import db
from ..models import Role
from ..reports.queries import Targets
from ..reports.tables import to_csv
from ..reports.views import _csv, _filters
from . import bp, capacity, capacity_data


@bp.get("/capacity")
@role_required(Role.MANAGER)
def capacity_plan():
    form, f = _filters()
    if f is None:
        return render_template("integration/capacity.html", form=form, f=None), 400
    t = Targets.load()
    plan = capacity_data.build(db.session, f, t)
    return render_template(
        "integration/capacity.html",
        form=form,
        f=f,
        t=t,
        plan=plan,
        tables=capacity_data.tables(plan),
        algorithm=capacity.__doc__.split("\n\n", 1)[1],
    )


@bp.get("/capacity.csv")
@role_required(Role.MANAGER)
def capacity_csv():
    form, f = _filters()
    if f is None:
        abort(400)
    t = Targets.load()
    plan = capacity_data.build(db.session, f, t)
    # One file for a budget case: each table under its caption, a blank line between them.
    text = "\r\n".join(f"{tb.caption}\r\n{to_csv(tb)}" for tb in capacity_data.tables(plan))
    audit.log_now("report_export", "report", "capacity", detail=f.describe())
    return _csv(text, "capacity-plan", f)
