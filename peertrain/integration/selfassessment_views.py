"""Self-assessment pages: the list with yearly trends, starting one, each section's items with
the evidence beside them (saved as a draft, or autosaved), and submitting."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..authz import may_assess_unit, may_work_on_assessment, refuse, role_required
from ..clock import today
from ..extensions import db
from ..formatting import date_time
from ..models import AssessmentStatus, Role, SelfAssessment
from ..reports.queries import teams_for_filter
from . import bp, selfassessment_instrument
from . import selfassessment_read as read
from . import selfassessment_services as services
from .selfassessment_forms import ORG, StartForm, section_form
from .selfassessment_plan_views import plan_forms

ROLES = (Role.MANAGER, Role.ADMIN)


def instrument_or_503():
    return selfassessment_instrument.current() or abort(503)


def assessment_or_403(assessment_id: int) -> SelfAssessment:
    a = db.session.get(SelfAssessment, assessment_id) or abort(404)
    if not may_work_on_assessment(current_user, a):
        refuse("self_assessment_view", "self_assessment", a.id)
    return a


def start_form() -> StartForm:
    form = StartForm(data=None if request.method == "POST" else {"year": today().year})
    me = current_user._get_current_object()
    teams = teams_for_filter(db.session, None)
    form.unit.choices = [(ORG, "Whole organisation")] * may_assess_unit(me, None) + [
        (str(tid), name) for tid, name in teams if may_assess_unit(me, tid)
    ]
    form.lead.choices = [(None, "No named lead")] + read.lead_choices(db.session)
    return form


def _list_page(form, status=200):
    instrument = instrument_or_503()
    mine = read.visible(db.session, current_user)
    trends = read.trends(instrument, mine)
    actions = read.open_actions(db.session, current_user)
    return render_template("integration/assessments.html", form=form, instrument=instrument,
                           trends=trends, actions=actions), status  # fmt: skip


@bp.get("/assessments")
@role_required(*ROLES)
def assessments():
    return _list_page(start_form())


@bp.post("/assessments")
@role_required(*ROLES)
def start_assessment():
    form = start_form()
    if not form.validate():
        return _list_page(form, 400)
    team_id = None if form.unit.data == ORG else int(form.unit.data)
    try:
        a = services.start(
            current_user, instrument_or_503(), team_id, form.year.data, form.lead.data
        )
    except services.AlreadyExists:
        form.year.errors.append("This one already has an assessment for that year: open it below.")
        return _list_page(form, 400)
    return redirect(url_for("integration.assessment", assessment_id=a.id))


@bp.get("/assessments/<int:assessment_id>")
@login_required
def assessment(assessment_id: int):
    a, instrument = assessment_or_403(assessment_id), instrument_or_503()
    found, as_of = read.item_evidence_as_of(db.session, instrument, a, instrument.items)
    return render_template("integration/assessment.html", a=a, instrument=instrument,
                           unit=read.unit_name(a), scores=read.section_scores(instrument, a),
                           evidence=found, missing=services.missing_ratings(instrument, a),
                           evidence_as_of=as_of, **plan_forms(instrument, a))  # fmt: skip


def _section(a: SelfAssessment, section_id: str):
    instrument = instrument_or_503()
    return instrument, instrument.section(section_id) or abort(404)


def _render_section(a, instrument, section, form, status=200):
    found, as_of = read.item_evidence_as_of(db.session, instrument, a, section.items)
    return render_template("integration/section.html", a=a, instrument=instrument,
                           section=section, form=form, evidence=found, unit=read.unit_name(a),
                           evidence_as_of=as_of,
                           editable=a.status == AssessmentStatus.DRAFT), status  # fmt: skip


@bp.route("/assessments/<int:assessment_id>/sections/<section_id>", methods=["GET", "POST"])
@login_required
def section(assessment_id: int, section_id: str):
    a = assessment_or_403(assessment_id)
    instrument, sec = _section(a, section_id)
    if request.method == "GET":
        stored = {r.item_id: r for r in a.answers}
        data = {f"rating_{i}": str(r.rating) if r.rating else None for i, r in stored.items()}
        data |= {f"comment_{i}": r.comment for i, r in stored.items()}
        return _render_section(a, instrument, sec, section_form(sec, instrument.scale, data))
    return _save_section(a, instrument, sec)


def _save_section(a, instrument, sec):
    autosave = request.headers.get("X-Autosave") == "1"
    form = section_form(sec, instrument.scale)
    if a.status != AssessmentStatus.DRAFT:
        form.form_errors.append("This assessment was submitted: it can no longer be changed.")
        return _render_section(a, instrument, sec, form, 409)
    if not form.validate():
        if autosave:
            return jsonify(saved=False, errors=form.errors), 400
        return _render_section(a, instrument, sec, form, 400)
    answers = [services.Answer(i.id, int(form[f"rating_{i.id}"].data or 0) or None,
                               form[f"comment_{i.id}"].data or "") for i in sec.items]  # fmt: skip
    services.save_answers(current_user, a, answers)
    if autosave:
        return jsonify(saved=True, at=date_time(a.updated_at))
    flash(f"{sec.title}: saved as a draft.", "success")
    return redirect(_next_section_url(a, instrument, sec))


def _next_section_url(a, instrument, sec) -> str:
    ids = [s.id for s in instrument.sections]
    after = ids.index(sec.id) + 1
    if request.form.get("then") == "next" and after < len(ids):
        return url_for("integration.section", assessment_id=a.id, section_id=ids[after])
    return url_for("integration.assessment", assessment_id=a.id)


@bp.post("/assessments/<int:assessment_id>/submit")
@login_required
def submit(assessment_id: int):
    a, instrument = assessment_or_403(assessment_id), instrument_or_503()
    missing = services.submit(current_user, instrument, a)
    if missing:
        flash(f"Rate every item before submitting; still unrated: {', '.join(missing)}.", "error")
    else:
        flash("Submitted. Its evidence now stays as it stood today.", "success")
    return redirect(url_for("integration.assessment", assessment_id=a.id))
