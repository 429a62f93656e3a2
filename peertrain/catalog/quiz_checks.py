"""Knowledge-check rules: pool size, draw, and anti-gaming checks on option length and wording."""

from __future__ import annotations

import re
from math import comb

from ..targets import TARGETS
from .problems import Report, is_type

POOL_MIN = 10
POOL_MIN_REQUIRED = 12
# An option that is about the others, not about the question, is answerable without reading it.
ABOUT_THE_OTHERS = re.compile(
    r"\b(all|none|both|neither) of (the|these|those) (above|below|options|answers|choices)\b"
    r"|\b(all|none|both|neither) of (the above|these|those)\b"
    r"|\bboth [a-d] and [a-d]\b",
    re.IGNORECASE,
)


def default_draw() -> int:
    return int(TARGETS["quiz_draw"].default)


def longest_wins(choices: list[str], answer: list[int]) -> float:
    """The chance that picking the n longest choices (n = number keyed), ties broken at
    random, picks exactly the keyed ones."""
    lengths = [len(c) for c in choices]
    n = len(answer)
    cut = sorted(lengths, reverse=True)[n - 1]
    longer = {i for i, length in enumerate(lengths) if length > cut}
    tied = {i for i, length in enumerate(lengths) if length == cut}
    keyed = set(answer)
    if not longer <= keyed or not keyed - longer <= tied:
        return 0.0
    return 1 / comb(len(tied), n - len(longer))


def keyed_is_strictly_longest(choices: list[str], answer: list[int]) -> bool:
    lengths = [len(c) for c in choices]
    key = lengths[answer[0]]
    return lengths.count(key) == 1 and key == max(lengths)


def check_pool(quiz: dict, required: bool, report: Report) -> None:
    """Run on a knowledge check whose questions are otherwise valid."""
    questions = quiz["questions"]
    need = POOL_MIN_REQUIRED if required else POOL_MIN
    if len(questions) < need:
        kind = "a required module" if required else "a module"
        report(
            "knowledge_check.questions",
            f"the pool has {len(questions)} questions; {kind} needs at least {need}",
        )
    draw = quiz.get("draw", default_draw())
    if "draw" in quiz and (not is_type(draw, int) or draw < 1):
        report("knowledge_check.draw", "must be a whole number of questions, 1 or more")
    elif draw > len(questions):
        report("knowledge_check.draw", f"draws {draw} from a pool of only {len(questions)}")
    _check_gaming(quiz, report)


def _check_gaming(quiz: dict, report: Report) -> None:
    questions = quiz["questions"]
    for q in questions:
        for i, choice in enumerate(q["choices"]):
            found = ABOUT_THE_OTHERS.search(choice)
            if found:
                report(
                    str(q["id"]),
                    f"choice {i} says {found.group(0)!r}: every option must answer the question",
                )
    singles = [q for q in questions if len(q["answer"]) == 1]
    longest = [q for q in singles if keyed_is_strictly_longest(q["choices"], q["answer"])]
    if singles and len(longest) > len(singles) / 3:
        for q in longest:
            report(
                str(q["id"]),
                f"the keyed option is the strictly longest; it is so in {len(longest)} of "
                f"{len(singles)} single-answer questions, at most a third may be",
            )
    expected = sum(longest_wins(q["choices"], q["answer"]) for q in questions)
    score = 100 * expected / len(questions)
    if score >= quiz["pass_mark"]:
        won = [str(q["id"]) for q in questions if longest_wins(q["choices"], q["answer"])]
        report(
            "knowledge_check",
            f"choosing the longest option(s) everywhere scores {score:.0f}%, reaching the "
            f"pass mark {quiz['pass_mark']}% (it wins on {', '.join(won)})",
        )
