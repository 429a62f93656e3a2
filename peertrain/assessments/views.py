"""Routes of the competency blueprint (thin: forms in forms.py, writes in services.py)."""

from __future__ import annotations

from dataclasses import replace

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from .. import directory
from ..authz import (
    may_rate,
    may_self_assess,
    may_view_own_or_supervised,
    may_view_worker_levels,
    refuse,
    require,
    role_required,
)
from ..models import LEVELS, RatingSource, Role, User
from . import bp, queries, services
from .forms import SelfAssessmentForm, SupervisorRatingForm, competency_choices
from .overview import supervisee_overview
from .profile import build_profile, current_rating
from .readiness import CATEGORY_RULE, readiness_for, readiness_of_people


@bp.context_processor
def _levels() -> dict:
    return {"LEVELS": LEVELS}


def _viewer() -> User:
    return current_user._get_current_object()


def _subject_or_404(subject_id: int) -> User:
    subject = queries.user_by_id(subject_id)
    if subject is None:
        abort(404)
    return subject


def _levels_only(rating):
    """What a manager may see of a rating: everything but the words."""
    return replace(rating, note="", observation_setting=None, observation_text=None)


def _render_profile(subject: User):
    viewer = _viewer()
    if may_view_own_or_supervised(viewer, subject):
        with_notes = True
    elif may_view_worker_levels(viewer, subject):
        with_notes = False
    else:
        refuse("competency.profile.read", "user", subject.id)
    ratings = queries.ratings_of(subject.id)
    framework = queries.categories()
    readiness = None
    if with_notes:  # readiness reads the same ratings and framework, not a second copy
        readiness = readiness_of_people([subject], framework, {subject.id: ratings})[subject.id]
    else:
        ratings = [_levels_only(r) for r in ratings]
    categories = build_profile(framework, ratings, queries.modules_by_competency())
    supervisors = directory.supervisor_names(subject.id)
    # Last, after every read: the audit row's commit then ends the page's only transaction.
    services.log_profile_read(viewer.id, subject.id, with_notes=with_notes)
    return render_template(
        "competency/profile.html",
        subject=subject,
        categories=categories,
        with_notes=with_notes,
        own=viewer.id == subject.id,
        may_self_assess=may_self_assess(viewer, subject),
        may_rate=may_rate(viewer, subject),
        readiness=readiness,
        supervisors=supervisors,
        scale=queries.level_scale(),
    )


@bp.get("/")
@role_required(Role.TRAINEE)
def my_profile():
    return _render_profile(_viewer())


@bp.get("/people/<int:subject_id>")
@login_required
def profile(subject_id: int):
    return _render_profile(_subject_or_404(subject_id))


@bp.get("/people/<int:subject_id>/history/<competency_code>")
@login_required
def history(subject_id: int, competency_code: str):
    """Every rating of one competency: the profile links here rather than carrying each
    history in the page (48 tables of notes made it 160 KB on a phone)."""
    subject = _subject_or_404(subject_id)
    viewer = _viewer()
    require(may_view_own_or_supervised(viewer, subject), "competency.profile.read", "user",
            subject.id)  # fmt: skip
    competency = queries.competency_by_code(competency_code) or abort(404)
    ratings = queries.ratings_of(subject.id, competency.id)
    services.log_profile_read(viewer.id, subject.id, with_notes=True)
    return render_template(
        "competency/history.html",
        subject=subject,
        own=viewer.id == subject.id,
        competency=competency,
        history=list(reversed(ratings)),
        current=current_rating(ratings, competency.id),
    )


@bp.get("/people/<int:subject_id>/readiness")
@login_required
def readiness(subject_id: int):
    subject = _subject_or_404(subject_id)
    require(
        may_view_own_or_supervised(_viewer(), subject),
        "competency.readiness.read",
        "user",
        subject.id,
    )
    return render_template(
        "competency/readiness.html",
        subject=subject,
        own=_viewer().id == subject.id,
        readiness=readiness_for(subject),
        rule=CATEGORY_RULE,
    )


@bp.route("/self-assessment", methods=["GET", "POST"])
@role_required(Role.TRAINEE)
def self_assess():
    viewer = _viewer()
    framework = queries.categories()
    form = SelfAssessmentForm()
    form.competency.choices = competency_choices(framework)
    if request.method == "GET":
        form.competency.data = request.args.get("competency")
    if form.validate_on_submit():
        competency = queries.competency_by_code(form.competency.data)
        services.record_self_assessment(viewer, competency, form.level.data, form.note.data)
        flash(f"Your self-assessment of {competency.code} is saved.", "success")
        return redirect(url_for(".my_profile", _anchor=f"c-{competency.code}"))
    return render_template(
        "competency/self_assess.html",
        form=form,
        framework=framework,
        scale=queries.level_scale(),
    ), (400 if form.errors else 200)


@bp.route("/people/<int:subject_id>/rate", methods=["GET", "POST"])
@role_required(Role.SUPERVISOR)
def rate(subject_id: int):
    subject = _subject_or_404(subject_id)
    viewer = _viewer()
    require(may_rate(viewer, subject), "competency.rate", "user", subject.id)
    framework = queries.categories()
    modules = queries.completed_modules(subject.id)
    sessions = queries.shared_sessions(subject.id, viewer.id)
    form = SupervisorRatingForm()
    form.competency.choices = competency_choices(framework)
    form.evidence_module.choices = [SelectChoice("", "None")] + [
        SelectChoice(str(m.id), f"{m.title} (version {m.version})") for m in modules
    ]
    form.evidence_session.choices = [SelectChoice("", "None")] + [
        SelectChoice(str(s.id), _session_label(s)) for s in sessions
    ]
    if request.method == "GET":
        form.competency.data = request.args.get("competency")
    if form.validate_on_submit():
        competency = queries.competency_by_code(form.competency.data)
        try:
            services.record_supervisor_rating(
                viewer,
                subject,
                competency,
                source=RatingSource(form.source.data),
                level=form.level.data,
                note=form.note.data,
                evidence=services.Evidence(
                    module_id=form.evidence_module.data,
                    session_id=form.evidence_session.data,
                    observed_on=form.observed_on.data,
                    observation_setting=form.observation_setting.data,
                    observation_text=form.observation_text.data,
                    attested=bool(form.attested.data),
                ),
            )
        except services.RatingRefused as refused:
            form.evidence.errors = [*form.evidence.errors, str(refused)]
        else:
            flash(f"Your rating of {subject.name} for {competency.code} is saved.", "success")
            return redirect(
                url_for(".profile", subject_id=subject.id, _anchor=f"c-{competency.code}")
            )
    return render_template(
        "competency/rate.html",
        form=form,
        subject=subject,
        framework=framework,
        has_modules=bool(modules),
        has_sessions=bool(sessions),
        scale=queries.level_scale(),
    ), (400 if form.errors else 200)


@bp.get("/supervisees")
@role_required(Role.SUPERVISOR)
def supervisees():
    return render_template("competency/supervisees.html", lines=supervisee_overview(_viewer().id))


def _session_label(session) -> str:
    kind = session.format.value.replace("_", "-")
    return f"{session.held_on:%-d %b %Y} · {kind} · {session.minutes} min"
