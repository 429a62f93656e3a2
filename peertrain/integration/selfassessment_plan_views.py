"""The action plan of a self-assessment: add an action (owner, due date, item) and move it
through open, in progress and done."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..authz import may_own_plan_action, may_update_plan_action, refuse
from ..extensions import db
from ..models import ActionStatus, PlanAction, User
from . import bp
from . import selfassessment_read as read
from . import selfassessment_services as services
from .selfassessment_forms import ActionForm, ActionStatusForm


def action_form(instrument, formdata=True) -> ActionForm:
    form = ActionForm() if formdata else ActionForm(formdata=None)
    form.owner.choices = read.owner_choices(db.session)
    form.item.choices = [("", "The assessment as a whole")] + [
        (i.id, f"{i.id}: {i.text[:60]}") for i in instrument.items
    ]
    return form


def plan_forms(instrument, a, form: ActionForm | None = None) -> dict:
    return {
        "action_form": form or action_form(instrument, formdata=False),
        "status_form": ActionStatusForm(formdata=None),
        "statuses": list(ActionStatus),
    }


@bp.post("/assessments/<int:assessment_id>/actions")
@login_required
def add_action(assessment_id: int):
    from .selfassessment_views import assessment_or_403, instrument_or_503

    a, instrument = assessment_or_403(assessment_id), instrument_or_503()
    form = action_form(instrument)
    owner = db.session.get(User, form.owner.data) if form.owner.data else None
    if form.validate() and not (owner and may_own_plan_action(owner)):
        form.owner.errors.append("Choose a manager or an administrator.")
    if form.errors:
        found = read.item_evidence(db.session, instrument, a, instrument.items)
        return render_template("integration/assessment.html", a=a, instrument=instrument,
                               unit=read.unit_name(a), scores=read.section_scores(instrument, a),
                               evidence=found, missing=services.missing_ratings(instrument, a),
                               **plan_forms(instrument, a, form)), 400  # fmt: skip
    new = services.NewAction(form.description.data.strip(), owner.id, form.due_on.data,
                             form.item.data or None)  # fmt: skip
    services.add_action(current_user, a, new)
    flash("Action added to the plan.", "success")
    return redirect(url_for("integration.assessment", assessment_id=a.id, _anchor="plan"))


@bp.post("/actions/<int:action_id>")
@login_required
def action_status(action_id: int):
    action = db.session.get(PlanAction, action_id) or abort(404)
    me = current_user._get_current_object()
    if not may_update_plan_action(me, action):
        refuse("plan_action_status", "plan_action", action.id)
    form = ActionStatusForm()
    if not form.validate():
        flash("Choose open, in progress or done.", "error")
        return redirect(url_for("integration.assessment", assessment_id=action.assessment_id)), 303
    services.set_status(me, action, ActionStatus(form.status.data))
    flash(f"Action marked {ActionStatus(form.status.data).label.lower()}.", "success")
    return redirect(url_for("integration.assessment", assessment_id=action.assessment_id,
                            _anchor="plan"))  # fmt: skip
