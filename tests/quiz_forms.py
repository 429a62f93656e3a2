"""Helpers that answer a drawn, shuffled knowledge check by question id and original choice."""

from __future__ import annotations

from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models import QuizDraw


def open_draw(client, slug: str) -> QuizDraw:
    """Open the check page (which draws, or shows the open draw) and return that draw."""
    assert client.get(f"/training/{slug}/check").status_code == 200
    draws = list(db.session.scalars(select(QuizDraw).order_by(QuizDraw.id.desc())))
    db.session.expire_all()
    return draws[0]


def field_names(draw: QuizDraw) -> dict[str, str]:
    """Question id -> the form field it is asked in (q0, q1, … in draw order)."""
    return {q["id"]: f"q{n}" for n, q in enumerate(draw.shown["questions"])}


def shown_index(draw: QuizDraw, question_id: str, original: int) -> int:
    question = next(q for q in draw.shown["questions"] if q["id"] == question_id)
    return question["order"].index(original)


def form_for(draw: QuizDraw, picks: dict[str, list[int]]) -> dict:
    """The POST data choosing `picks` (question id -> choice indexes in the file's order)."""
    names = field_names(draw)
    data: dict = {"draw": str(draw.id)}
    for question_id, originals in picks.items():
        if question_id in names:
            data[names[question_id]] = [str(shown_index(draw, question_id, i)) for i in originals]
    return data


def originals(attempt_or_draw, answers: dict[str, list[int]]) -> dict[str, list[int]]:
    """Recorded answers (shown positions) translated back to the file's choice order."""
    orders = {q["id"]: q["order"] for q in attempt_or_draw.shown["questions"]}
    return {qid: sorted(orders[qid][i] for i in picked) for qid, picked in answers.items()}
