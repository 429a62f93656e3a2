"""Knowledge-check scoring: pure functions over a module's quiz and the answers given."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class QuestionResult:
    id: str
    prompt: str
    choices: list[str]
    chosen: list[int]
    correct: list[int]
    explanation: str

    @property
    def right(self) -> bool:
        # Multi-answer questions need exactly the right set: no missing, no extra choices.
        return set(self.chosen) == set(self.correct)


@dataclass(frozen=True)
class Grade:
    results: list[QuestionResult]
    pass_mark: int

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def right(self) -> int:
        return sum(r.right for r in self.results)

    @property
    def score(self) -> int:
        return round(100 * self.right / self.total) if self.total else 0

    @property
    def passed(self) -> bool:
        # Judged on the whole-number score the trainee is shown, so "67%, pass mark 67%"
        # never reads as a fail.
        return self.total > 0 and self.score >= self.pass_mark


def is_multi(question: dict) -> bool:
    return len(question["answer"]) > 1


def clean_answers(quiz: dict, given: Mapping[str, object]) -> dict[str, list[int]]:
    """Keep only known question ids and in-range whole-number choices, sorted and unique.
    Anything else a browser might send (tampered or stale) is dropped, never trusted."""
    cleaned: dict[str, list[int]] = {}
    for q in quiz.get("questions", []):
        raw = given.get(q["id"], [])
        values = raw if isinstance(raw, list | tuple) else [raw]
        picked = set()
        for value in values:
            if isinstance(value, bool):
                continue
            try:
                index = int(value) if isinstance(value, int | str) else None
            except ValueError:
                index = None
            if index is not None and 0 <= index < len(q["choices"]):
                picked.add(index)
        if not is_multi(q) and len(picked) > 1:
            picked = set()  # one answer was asked for; several is not an answer
        cleaned[q["id"]] = sorted(picked)
    return cleaned


def grade(quiz: dict, given: Mapping[str, object]) -> Grade:
    answers = clean_answers(quiz, given)
    results = [
        QuestionResult(
            id=q["id"],
            prompt=q["prompt"],
            choices=list(q["choices"]),
            chosen=answers[q["id"]],
            correct=sorted(q["answer"]),
            explanation=q["explanation"],
        )
        for q in quiz.get("questions", [])
    ]
    return Grade(results=results, pass_mark=int(quiz.get("pass_mark", 100)))
