"""Demo training records: varied progress, retried checks and reflections for the demo people."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from flask import current_app
from sqlalchemy import select

from ..catalog.locale import localise
from ..clock import today, utcnow
from ..extensions import db
from ..models import (
    Module,
    ModuleProgress,
    PathwayModule,
    ProgressStatus,
    QuizAttempt,
    Reflection,
    ReflectionStatus,
    User,
)
from ..modules.pool import draw_quiz, draw_size
from .people import DemoOrg

DEMO_DRAW = 6  # the default of the quiz_draw target

# (person, pathway role, modules completed in pathway order, sections read of the next one,
#  completed steps (1-based) where a failed knowledge check came before the pass)
PLANS: list[tuple[str, str, int, int, tuple[int, ...]]] = [
    ("amara", "trainee", 1, 3, (1,)),  # three weeks in: one done after a retry, reading the next
    ("ben", "trainee", 10, 2, (3,)),
    ("chloe", "trainee", 14, 0, ()),  # seven months in and six required modules still to do
    ("dev", "trainee", 20, 0, (2,)),
    ("erin", "trainee", 0, 0, ()),  # not started yet
    ("femi", "trainee", 20, 0, (4, 7)),
    ("grace", "trainee", 20, 0, ()),
    ("hamza", "trainee", 6, 4, (2,)),  # overdue, part-way through the seventh
    ("isla", "trainee", 0, 1, ()),  # ten days in: has read the first section
    ("jack", "trainee", 20, 0, ()),
    ("kemi", "trainee", 20, 0, (5,)),
    ("liam", "trainee", 4, 3, ()),
    ("maya", "trainee", 12, 0, (6,)),  # overdue, and without a supervisor
    ("noah", "trainee", 20, 0, ()),
    ("olu", "trainee", 20, 0, ()),
    ("pia", "trainee", 18, 3, (8,)),  # ten days past due, nearly there
    ("sam", "trainee", 20, 0, ()),  # a senior peer worker who now supervises too
    ("sam", "supervisor", 6, 2, ()),
    ("priya", "supervisor", 9, 0, (4,)),
    ("jo", "supervisor", 4, 0, ()),
]

# Reflections the demo people wrote, by module and prompt.
REFLECTIONS = {
    ("what-is-peer-support", "r1"): (
        "When I was first discharged, a volunteer at the drop-in told me she had been on the "
        "same ward years before. She didn't give advice; she just made me a coffee and asked "
        "what the first week home had been like. I want to be that for people: someone who "
        "is curious rather than someone with answers."
    ),
    ("what-is-peer-support", "r2"): (
        "Emotional support comes easily to me. I tend to forget the affiliational side: I "
        "listen well but don't think about who else the person could be connected to. I'm "
        "going to make a list of local groups so I have something concrete to offer."
    ),
    ("boundaries-and-dual-relationships", "r2"): (
        "I live five minutes from the hospital, so I will meet people I support in the "
        "supermarket. I'd like to agree with each person at the start how we say hello "
        "outside, and I want to talk through the mutual-aid group I still go to."
    ),
    ("sharing-your-recovery-story", "r2"): (
        "I'm comfortable talking about hearing voices and what helped me cope. My time in "
        "hospital I'll share only if it would help someone who is there now. My family "
        "history stays private; I'd say: that's something I keep for myself, but I'm glad "
        "to talk about what helped me get through."
    ),
    ("peer-values-and-practice-guidelines", "r2"): (
        "In ward rounds I notice I start using the team's language: compliance, insight. "
        "Nobody asks me to, I think I do it to fit in. Next time I'll try to describe what "
        "the person said in their own words and see how it lands."
    ),
    ("self-care-and-supervision", "r1"): (
        "My early signs are not sleeping and going over conversations in my head on the bus "
        "home. What works: a walk before I go in, ten minutes to write notes and close the "
        "day, and texting my sister instead of scrolling."
    ),
    ("working-in-a-clinical-team", "r1"): (
        "A nurse asked me to persuade someone to take a depot injection. I said I'd support "
        "him to talk about it with the team, not persuade him. I want to bring this to "
        "supervision because I'm not sure I explained the peer role well."
    ),
}
KEEN = {"amara"}  # the demo trainee login: submits every reflection we have words for
DRAFT = ("what-is-peer-support", "r3")
DRAFT_TEXT = "On the crisis line people expect me to fix things quickly. I've noticed that"


def _at(day_offset: int, hour: int) -> datetime:
    return datetime.combine(today() - timedelta(days=day_offset), time(hour, 0))


def _answers(shown: dict, rng: random.Random, wrong: int) -> dict[str, list[int]]:
    questions = shown["questions"]
    missed = set(rng.sample(range(len(questions)), wrong))
    answers = {}
    for n, q in enumerate(questions):
        if n in missed:
            others = [i for i in range(len(q["choices"])) if i not in q["answer"]]
            answers[q["id"]] = [rng.choice(others)]
        else:
            answers[q["id"]] = sorted(q["answer"])
    return answers


def _attempt(person: User, module: Module, rng, wrong: int, when: datetime) -> QuizAttempt:
    # Drawn and shuffled as a real attempt is, from the seeded generator so demos repeat.
    shown = draw_quiz(module.quiz, draw_size(module.quiz, DEMO_DRAW), rng=rng, text=localise)
    total = len(shown["questions"])
    score = round(100 * (total - wrong) / total)
    attempt = QuizAttempt(
        user_id=person.id,
        module_id=module.id,
        answers=_answers(shown, rng, wrong),
        shown=shown,
        started_at=when - timedelta(minutes=12),
        score=score,
        passed=score >= module.quiz["pass_mark"],
        submitted_at=when,
    )
    db.session.add(attempt)
    return attempt


def _complete(person: User, module: Module, rng, retried: bool, days_ago: int, keen: bool) -> None:
    if retried:
        _attempt(person, module, rng, wrong=2, when=_at(days_ago + 1, 10))
    passing = _attempt(person, module, rng, wrong=rng.choice([0, 0, 1]), when=_at(days_ago, 15))
    db.session.add(
        ModuleProgress(
            user_id=person.id,
            module_id=module.id,
            status=ProgressStatus.COMPLETED,
            sections_read=[s.position for s in module.sections],
            last_position=len(module.sections),
            started_at=_at(days_ago + 3, 9),
            completed_at=passing.submitted_at,
            score=passing.score,
        )
    )
    for prompt in module.reflection_prompts:
        text = REFLECTIONS.get((module.slug, prompt["id"]))
        if text and (keen or rng.random() < 0.7):
            _reflection(person, module, prompt, text, submitted=_at(days_ago, 17))


def _reflection(person, module, prompt, text, submitted: datetime | None) -> None:
    db.session.add(
        Reflection(
            user_id=person.id,
            module_id=module.id,
            prompt_id=prompt["id"],
            prompt=prompt["prompt"],
            text=text,
            status=ReflectionStatus.SUBMITTED if submitted else ReflectionStatus.DRAFT,
            created_at=submitted or utcnow() - timedelta(days=1),
            updated_at=submitted or utcnow() - timedelta(days=1),
            submitted_at=submitted,
        )
    )


def _reading(person: User, module: Module, read: int) -> None:
    read = min(read, len(module.sections))
    db.session.add(
        ModuleProgress(
            user_id=person.id,
            module_id=module.id,
            status=ProgressStatus.IN_PROGRESS,
            sections_read=list(range(1, read + 1)),
            last_position=min(read + 1, len(module.sections)),
            started_at=_at(2, 11),
        )
    )


def _pathway(role: str) -> list[Module]:
    return list(
        db.session.scalars(
            select(Module)
            .join(PathwayModule, PathwayModule.slug == Module.slug)
            .where(PathwayModule.for_role == role, Module.is_current.is_(True))
            .order_by(PathwayModule.position)
        )
    )


def seed(org: DemoOrg) -> None:
    """Load the curriculum if it is not there yet, then give each demo person a history."""
    if db.session.scalar(select(Module.id).limit(1)) is None:
        from ..catalog.sync import sync_all

        sync_all(current_app.config["CONTENT_DIR"])
    rng = random.Random(20240611)  # the same demo every time
    pathways = {role: _pathway(role) for role in ("trainee", "supervisor")}
    finished: set[tuple[int, int]] = set()  # (person, module): shared by two pathways
    for key, role, done, reading, retried in PLANS:
        person = org.people.get(key)
        if person is None:
            continue
        modules = pathways[role]
        served = (today() - person.start_date).days if person.start_date else 365
        # Completions spread over the first 12 weeks in post (or the weeks so far).
        span = max(min(served - 2, 84), done + 1)
        for step, module in enumerate(modules[:done], start=1):
            if (person.id, module.id) not in finished:
                finished.add((person.id, module.id))
                days_ago = max(served - round(span * step / (done + 1)), 1)
                _complete(person, module, rng, step in retried, days_ago, key in KEEN)
        if reading and done < len(modules):
            _reading(person, modules[done], reading)
    amara = org.people.get("amara")
    if amara is not None and pathways["trainee"]:
        first = pathways["trainee"][0]
        prompt = next(p for p in first.reflection_prompts if p["id"] == DRAFT[1])
        _reflection(amara, first, prompt, DRAFT_TEXT, submitted=None)
    db.session.flush()
