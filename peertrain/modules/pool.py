"""Knowledge-check pools: draw questions, shuffle their choices, keep it as a snapshot."""

from __future__ import annotations

import random
from collections.abc import Callable

_RNG = random.SystemRandom()  # per attempt and unpredictable: a draw must not be replayable


def snapshot_question(question: dict, order: list[int], text: Callable[[str], str]) -> dict:
    """The question as shown: choices in `order`, keyed indexes counted in that order, and
    `order` kept so the original choice behind each shown one can always be found."""
    return {
        "id": question["id"],
        "prompt": text(question["prompt"]),
        "choices": [text(question["choices"][i]) for i in order],
        "answer": sorted(order.index(i) for i in question["answer"]),
        "explanation": text(question["explanation"]),
        "order": list(order),
    }


def draw_quiz(
    quiz: dict,
    count: int,
    *,
    rng: random.Random | None = None,
    text: Callable[[str], str] = str,
) -> dict:
    """`count` questions (all when the pool is smaller) in random order, each with its choices
    shuffled, as a quiz-shaped dict that scoring and the review read without the module."""
    rng = rng or _RNG
    pool = list(quiz.get("questions", []))
    picked = rng.sample(pool, min(max(count, 1), len(pool)))
    questions = []
    for question in picked:
        order = list(range(len(question["choices"])))
        rng.shuffle(order)
        questions.append(snapshot_question(question, order, text))
    return {"pass_mark": int(quiz.get("pass_mark", 100)), "questions": questions}


def unshuffled(quiz: dict) -> dict:
    """What an attempt made before pools showed: every question, choices in file order."""
    return {
        "pass_mark": int(quiz.get("pass_mark", 100)),
        "questions": [
            snapshot_question(q, list(range(len(q["choices"]))), str)
            for q in quiz.get("questions", [])
        ],
    }


def draw_size(quiz: dict, default: int) -> int:
    """The module's own `draw`, else the configured default."""
    return int(quiz.get("draw") or default)
