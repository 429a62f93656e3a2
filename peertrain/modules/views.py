"""Routes of the training blueprint (thin: forms in forms.py, writes in services.py)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ..authz import owns_training_record, require, role_required
from ..catalog.locale import localise
from ..catalog.render import render_markdown
from ..models import Module
from ..rules.workers import TRAINING_ROLES
from . import bp, queries, services, texts, work
from .forms import ContinueForm, quiz_form
from .plan import build_plan, due_days, spacing_days
from .pool import unshuffled
from .scoring import grade


def module_or_404(slug: str) -> Module:
    module = queries.current_module(slug)
    if module is None:
        abort(404)
    return module


def _section_or_404(module: Module | texts.ModuleText, position: int):
    section = next((s for s in module.sections if s.position == position), None)
    if section is None:
        abort(404)
    return section


def _me():
    return current_user._get_current_object()


@bp.get("/")
@role_required(*TRAINING_ROLES)
def index():
    return render_template(
        "training/index.html",
        plan=build_plan(_me()),
        due_days=due_days(),
        spacing_days=spacing_days(),
    )


@bp.get("/<module_slug>")
@role_required(*TRAINING_ROLES)
def module(module_slug: str):
    module = module_or_404(module_slug)
    plan = build_plan(_me())
    row = plan.row(module.slug)
    return render_template(
        "training/module.html",
        module=module,
        row=row,
        read=row.read if row else frozenset(),  # the plan has read the person's progress
        attempts=work.attempts_for(current_user.id, module.id),
        # Counts only: this page shows no reflection text, so it reads none (the reflections
        # page does, and records that it did).
        reflections=work.reflection_tally(current_user.id, module),
        completion=queries.latest_completion(current_user.id, module.slug),
        competencies=queries.competencies_by_code(module.competency_codes),
        supervisor_competencies=queries.supervisor_competencies_by_code(module.supervisor_codes),
    )


@bp.get("/<module_slug>/section/<int:position>")
@role_required(*TRAINING_ROLES)
def section(module_slug: str, position: int):
    # The text from this process's copy of the version (texts.py): the page reads only the
    # version's id and hash and the sections the person has read, in one statement.
    module, read = texts.current_text_and_read(module_slug, current_user.id) or abort(404)
    section = _section_or_404(module, position)
    return render_template(
        "training/section.html",
        module=module,
        section=section,
        body=render_markdown(localise(section.body_md)),
        read=read,
        form=ContinueForm(),
    )


@bp.post("/<module_slug>/section/<int:position>")
@role_required(*TRAINING_ROLES)
def read_section(module_slug: str, position: int):
    module = module_or_404(module_slug)
    _section_or_404(module, position)
    if not ContinueForm().validate_on_submit():
        abort(400)
    following, completed = services.mark_read(_me(), module, position)
    if completed:
        flash(f"You have completed {module.title}. Well done.", "success")
        return redirect(url_for(".module", module_slug=module.slug))
    if following:
        return redirect(url_for(".section", module_slug=module.slug, position=following))
    if any(a.passed for a in work.attempts_for(current_user.id, module.id)):
        return redirect(url_for(".module", module_slug=module.slug))
    flash("You have read every section. Now try the knowledge check.", "info")
    return redirect(url_for(".check", module_slug=module.slug))


def _render_check(module: Module, draw, form, status: int = 200):
    progress = queries.progress_for(current_user.id, module.id)
    read = set(progress.sections_read or []) if progress else set()
    form.draw.data = str(draw.id)
    return render_template(
        "training/check.html",
        module=module,
        form=form,
        questions=list(form.question_fields(draw.shown)),
        pool_size=len(module.quiz["questions"]),
        unread=[s for s in module.sections if s.position not in read],
        attempts=work.attempts_for(current_user.id, module.id),
    ), status


@bp.get("/<module_slug>/check")
@role_required(*TRAINING_ROLES)
def check(module_slug: str):
    module = module_or_404(module_slug)
    draw = services.open_draw(_me(), module)  # a reload shows the same draw
    return _render_check(module, draw, quiz_form(draw.shown, formdata=None))


@bp.post("/<module_slug>/check")
@role_required(*TRAINING_ROLES)
def submit_check(module_slug: str):
    module = module_or_404(module_slug)
    draw = work.open_draw(current_user.id, module.id)
    form = quiz_form(draw.shown if draw else {"questions": []})
    if draw is None or form.draw.data != str(draw.id):
        flash("Those answers were for a check already submitted. Here are new questions.", "info")
        return redirect(url_for(".check", module_slug=module.slug))
    if not form.validate_on_submit():
        return _render_check(module, draw, form, 400)
    recorded = services.record_attempt(_me(), module, draw, form.answers(draw.shown))
    if recorded is None:  # the same draw was submitted a moment ago
        return redirect(url_for(".check", module_slug=module.slug))
    attempt, result, completed = recorded
    if completed:
        flash(f"You passed and have completed {module.title}. Well done.", "success")
    elif result.passed:
        flash("You passed the knowledge check.", "success")
    else:
        flash(f"Not passed this time: {result.score}% (pass mark {result.pass_mark}%).", "warning")
    return redirect(url_for(".attempt", module_slug=module.slug, quiz_attempt_id=attempt.id))


@bp.get("/<module_slug>/check/attempts/<int:quiz_attempt_id>")
@role_required(*TRAINING_ROLES)
def attempt(module_slug: str, quiz_attempt_id: int):
    found = work.attempt_of(quiz_attempt_id)
    if found is None:
        abort(404)
    attempt, version = found
    # Someone else's attempt looks exactly like one that does not exist, and is recorded.
    allowed = owns_training_record(current_user, attempt)
    require(allowed, "quiz_attempt_read", "quiz_attempt", attempt.id, status=404)
    if version.slug != module_slug:
        abort(404)
    return render_template(
        "training/attempt.html",
        module=version,
        current=queries.current_module(module_slug),
        attempt=attempt,
        # Read from what was shown, never from the module as it is now.
        result=grade(attempt.shown or unshuffled(version.quiz), attempt.answers),
        progress=queries.progress_for(current_user.id, version.id),
        # After a pass the way on is the next module in pathway order (None: the last one).
        next_row=build_plan(_me()).next_row(after=module_slug) if attempt.passed else None,
    )


@bp.get("/<module_slug>/certificate")
@role_required(*TRAINING_ROLES)
def certificate(module_slug: str):
    found = queries.latest_completion(current_user.id, module_slug)
    if found is None:
        abort(404)
    progress, module = found
    return render_template(
        "training/certificate.html",
        progress=progress,
        module=module,
        current=queries.current_module(module_slug),
    )
