"""Training writes: reading progress, knowledge-check attempts, completion and reflections."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..catalog.locale import localise
from ..clock import utcnow
from ..extensions import db
from ..memo import commit_keeping_loaded
from ..models import (
    Module,
    ModuleProgress,
    ProgressStatus,
    QuizAttempt,
    QuizDraw,
    Reflection,
    ReflectionStatus,
    User,
)
from ..notify import events as notify_events
from ..targets import get_target
from . import queries, work
from .pool import draw_quiz, draw_size
from .scoring import Grade, clean_answers, grade


def _progress(user: User, module: Module) -> ModuleProgress:
    progress = queries.progress_for(user.id, module.id)
    if progress is not None:
        return progress
    progress = ModuleProgress(
        user_id=user.id,
        module_id=module.id,
        status=ProgressStatus.IN_PROGRESS,
        sections_read=[],
        last_position=1,
    )
    try:
        # A double-clicked Continue sends two posts at once; the second must not fail.
        with db.session.begin_nested():
            db.session.add(progress)
    except IntegrityError:
        progress = queries.progress_for(user.id, module.id)
    return progress


def _best_pass(user_id: int, module_id: int) -> int | None:
    return db.session.scalar(
        select(QuizAttempt.score)
        .where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.module_id == module_id,
            QuizAttempt.passed.is_(True),
        )
        .order_by(QuizAttempt.score.desc())
        .limit(1)
    )


def _complete_if_done(progress: ModuleProgress, module: Module) -> bool:
    """Completed = every section read and the knowledge check passed. Returns True the
    moment it becomes so; later passes may raise the recorded score."""
    best = _best_pass(progress.user_id, module.id)
    if progress.status == ProgressStatus.COMPLETED:
        if best is not None and best > (progress.score or 0):
            progress.score = best
        return False
    positions = {s.position for s in module.sections}
    if best is None or not positions <= set(progress.sections_read or []):
        return False
    progress.status = ProgressStatus.COMPLETED
    progress.completed_at = utcnow()
    progress.score = best
    audit.log("module_completed", "module_progress", progress.id, detail=module.slug)
    return True


def mark_read(user: User, module: Module, position: int) -> tuple[int | None, bool]:
    """Record a section as read. Returns (next position or None after the last, completed)."""
    progress = _progress(user, module)
    read = set(progress.sections_read or [])
    read.add(position)
    # Reassigned, not mutated: a JSON column only notices a new value.
    progress.sections_read = sorted(read)
    last = max(s.position for s in module.sections)
    following = position + 1 if position < last else None
    progress.last_position = following or position
    db.session.flush()
    completed = _complete_if_done(progress, module)
    db.session.commit()
    return following, completed


def open_draw(user: User, module: Module) -> QuizDraw:
    """The user's open attempt at this module's check, drawn now if there is none. The text
    is localised as drawn, so the snapshot holds exactly what the trainee read."""
    draw = work.open_draw(user.id, module.id)
    if draw is not None:
        return draw
    count = draw_size(module.quiz, int(get_target("quiz_draw")))
    draw = QuizDraw(
        user_id=user.id,
        module_id=module.id,
        shown=draw_quiz(module.quiz, count, text=localise),
        started_at=utcnow(),
    )
    try:
        with db.session.begin_nested():  # two tabs opening the check at once share one draw
            db.session.add(draw)
    except IntegrityError:
        draw = work.open_draw(user.id, module.id)
    db.session.commit()
    return draw


def record_attempt(
    user: User, module: Module, draw: QuizDraw, given: dict
) -> tuple[QuizAttempt, Grade, bool] | None:
    """Score the draw on the server, keep it as the attempt, and complete the module if this
    finishes it. None when the draw was already submitted (a double click or another tab)."""
    # Claiming the draw by deleting it lets exactly one of two simultaneous submits through.
    claimed = db.session.execute(delete(QuizDraw).where(QuizDraw.id == draw.id)).rowcount
    if claimed != 1:
        db.session.rollback()
        return None
    answers = clean_answers(draw.shown, given)
    result = grade(draw.shown, answers)
    attempt = QuizAttempt(
        user_id=user.id,
        module_id=module.id,
        answers=answers,
        shown=draw.shown,
        started_at=draw.started_at,
        score=result.score,
        passed=result.passed,
        submitted_at=utcnow(),
    )
    db.session.add(attempt)
    progress = _progress(user, module)
    db.session.flush()
    audit.log(
        "quiz_attempt",
        "quiz_attempt",
        attempt.id,
        outcome="passed" if result.passed else "failed",
        detail=f"{module.slug} v{module.version} score {result.score}",
    )
    completed = _complete_if_done(progress, module)
    db.session.commit()
    return attempt, result, completed


def prompt_of(module: Module, prompt_id: str) -> dict | None:
    return next((p for p in module.reflection_prompts if p["id"] == prompt_id), None)


def save_reflection(
    user: User, module: Module, prompt_id: str, text: str, submit: bool
) -> Reflection:
    """Save a draft or submit. A submitted reflection stays submitted when edited (its first
    submission time is kept), so a supervisor never loses sight of something once shared."""
    prompt = prompt_of(module, prompt_id)
    if prompt is None:
        raise LookupError(prompt_id)
    reflection = work.reflections_for(user.id, module.id).get(prompt_id)
    if reflection is None:
        # The prompt is kept as the trainee read it, local facts and all.
        reflection = Reflection(
            user_id=user.id,
            module_id=module.id,
            prompt_id=prompt_id,
            prompt=localise(prompt["prompt"]),
        )
        try:
            with db.session.begin_nested():  # a double-clicked Save must not fail
                db.session.add(reflection)
        except IntegrityError:
            reflection = work.reflections_for(user.id, module.id)[prompt_id]
    was_submitted = reflection.status == ReflectionStatus.SUBMITTED
    reflection.text = text.strip()
    reflection.updated_at = utcnow()
    if submit or was_submitted:
        reflection.status = ReflectionStatus.SUBMITTED
        reflection.submitted_at = reflection.submitted_at or utcnow()
    else:
        reflection.status = ReflectionStatus.DRAFT
    db.session.flush()
    action = (
        "reflection_edited"
        if was_submitted
        else "reflection_submitted"
        if submit
        else "reflection_draft_saved"
    )
    audit.log(action, "reflection", reflection.id)
    if action == "reflection_submitted":  # first submission only; edits do not notify again
        notify_events.reflection_submitted(reflection)
    db.session.commit()
    return reflection


def audit_supervisor_view(viewer: User, trainee_id: int, reflections: list[Reflection]) -> None:
    """One event for the page and one per reflection read, in a single commit."""
    audit.log_reads("training_record_read", "user", [trainee_id], actor_id=viewer.id)
    audit.log_reads(
        "reflection_read", "reflection", [r.id for r in reflections], actor_id=viewer.id
    )
    commit_keeping_loaded(db.session)  # a read: what the page showed stays loaded
