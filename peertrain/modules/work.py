"""A trainee's own work in a module, read back: knowledge-check attempts and draws, reflections."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import func, select

from ..extensions import db
from ..models import Module, QuizAttempt, QuizDraw, Reflection, ReflectionStatus


def attempts_for(user_id: int, module_id: int) -> list[QuizAttempt]:
    return list(
        db.session.scalars(
            select(QuizAttempt)
            .where(QuizAttempt.user_id == user_id, QuizAttempt.module_id == module_id)
            .order_by(QuizAttempt.submitted_at.desc(), QuizAttempt.id.desc())
        )
    )


def open_draw(user_id: int, module_id: int) -> QuizDraw | None:
    return db.session.scalar(
        select(QuizDraw).where(QuizDraw.user_id == user_id, QuizDraw.module_id == module_id)
    )


def attempt_of(attempt_id: int) -> tuple[QuizAttempt, Module] | None:
    """The attempt and the module version it was made on (whose it is: authz decides)."""
    row = db.session.execute(
        select(QuizAttempt, Module)
        .join(Module, Module.id == QuizAttempt.module_id)
        .where(QuizAttempt.id == attempt_id)
    ).first()
    return (row[0], row[1]) if row else None


def attempt_summaries(user_id: int) -> dict[int, tuple[int, int | None]]:
    """module id -> (number of attempts, best score)."""
    rows = db.session.execute(
        select(QuizAttempt.module_id, func.count(QuizAttempt.id), func.max(QuizAttempt.score))
        .where(QuizAttempt.user_id == user_id)
        .group_by(QuizAttempt.module_id)
    ).all()
    return {module_id: (n, best) for module_id, n, best in rows}


def reflections_for(user_id: int, module_id: int) -> dict[str, Reflection]:
    return {
        r.prompt_id: r
        for r in db.session.scalars(
            select(Reflection).where(
                Reflection.user_id == user_id, Reflection.module_id == module_id
            )
        )
    }


def earlier_reflections(user_id: int, module: Module) -> list[tuple[Reflection, Module]]:
    """The user's reflections on other versions of this module, newest version first: a new
    version starts with blank prompts, but what was written before stays the writer's."""
    return [
        (r, m)
        for r, m in db.session.execute(
            select(Reflection, Module)
            .join(Module, Module.id == Reflection.module_id)
            .where(
                Reflection.user_id == user_id,
                Module.slug == module.slug,
                Module.id != module.id,
            )
            .order_by(Module.version.desc(), Reflection.prompt_id)
        ).all()
    ]


class ReflectionTally(NamedTuple):
    submitted: int  # on the current version
    drafts: int  # on the current version
    earlier: int  # on other versions of the same module


def reflection_tally(user_id: int, module: Module) -> ReflectionTally:
    """Counts for the module page, which shows no reflection text (so reads none)."""
    rows = db.session.execute(
        select(Reflection.module_id, Reflection.status)
        .join(Module, Module.id == Reflection.module_id)
        .where(Reflection.user_id == user_id, Module.slug == module.slug)
    ).all()
    here = [status for module_id, status in rows if module_id == module.id]
    return ReflectionTally(
        submitted=sum(s == ReflectionStatus.SUBMITTED for s in here),
        drafts=sum(s == ReflectionStatus.DRAFT for s in here),
        earlier=len(rows) - len(here),
    )


def submitted_reflections(user_id: int) -> list[tuple[Reflection, Module]]:
    """Submitted reflections only: drafts stay the trainee's own until they submit them."""
    return [
        (r, m)
        for r, m in db.session.execute(
            select(Reflection, Module)
            .join(Module, Module.id == Reflection.module_id)
            .where(Reflection.user_id == user_id, Reflection.status == ReflectionStatus.SUBMITTED)
            .order_by(Module.title, Module.version.desc(), Reflection.prompt_id)
        ).all()
    ]


def submitted_counts(user_ids: list[int]) -> dict[int, int]:
    return dict(
        db.session.execute(
            select(Reflection.user_id, func.count(Reflection.id))
            .where(
                Reflection.user_id.in_(user_ids or [-1]),
                Reflection.status == ReflectionStatus.SUBMITTED,
            )
            .group_by(Reflection.user_id)
        ).all()
    )
