"""Question pools: each attempt draws and shuffles on the server, keeps what it showed, and is
reviewed from that snapshot; a failed attempt never gives away a keyed answer it got wrong."""

from __future__ import annotations

from html.parser import HTMLParser

from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models import QuizAttempt, QuizDraw, Role, Setting
from peertrain.modules.pool import draw_quiz

from .factories_training import RIGHT, pool_quiz
from .quiz_forms import form_for, open_draw, originals

KEYED = {f"p{n}": [2] for n in range(1, 13)}


class Text(HTMLParser):
    """The page's visible text, one string per text node."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        if data.strip():
            self.parts.append(data.strip())


def page_text(html: str) -> str:
    parser = Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def attempts() -> list[QuizAttempt]:
    return list(db.session.scalars(select(QuizAttempt).order_by(QuizAttempt.id)))


def test_an_attempt_draws_six_by_default_or_the_module_draw_or_the_admin_setting(
    app, make, login, client
):
    make.module("pool", quiz=pool_quiz(12))
    make.module("small", quiz=pool_quiz(10, draw=4))
    login(make.user(Role.TRAINEE))
    html = client.get("/training/pool/check").get_data(as_text=True)
    assert html.count("<fieldset") == 6 and "drawn from a pool of 12" in html
    assert len(open_draw(client, "small").shown["questions"]) == 4
    db.session.add(Setting(key="quiz_draw", value="8"))
    db.session.execute(QuizDraw.__table__.delete())
    db.session.commit()
    assert len(open_draw(client, "pool").shown["questions"]) == 8


def test_reload_shows_the_same_draw_and_a_retry_draws_again(app, make, login, client):
    make.module("pool", quiz=pool_quiz(12))
    login(make.user(Role.TRAINEE))
    first = open_draw(client, "pool")
    # Compared as visible text: the form's signed tokens carry the second they were issued.
    page = page_text(client.get("/training/pool/check").get_data(as_text=True))
    assert "drawn from a pool of 12" in page
    assert page_text(client.get("/training/pool/check").get_data(as_text=True)) == page
    assert open_draw(client, "pool").id == first.id
    assert db.session.scalar(select(QuizDraw.id).where(QuizDraw.id != first.id)) is None
    shown_before = first.shown
    draws = []
    for _ in range(4):
        draw = open_draw(client, "pool")
        client.post("/training/pool/check", data=form_for(draw, KEYED))
        draws.append(draw.shown)
    # Each submit closes its draw; the next visit draws a new one.
    assert len(attempts()) == 4 and [a.shown for a in attempts()] == draws
    assert draws[0] == shown_before
    assert len({repr(d) for d in draws}) > 1  # 12-choose-6 with shuffles: never all equal


def test_the_draw_records_what_was_shown_and_scoring_uses_it(app):
    quiz = pool_quiz(12)
    quiz["questions"][0]["answer"] = [0, 3]
    shown = draw_quiz(quiz, 12, text=lambda s: s.upper())
    by_id = {q["id"]: q for q in quiz["questions"]}
    for item in shown["questions"]:
        source = by_id[item["id"]]
        assert sorted(item["order"]) == list(range(4))
        assert item["choices"] == [source["choices"][i].upper() for i in item["order"]]
        assert [item["choices"][i] for i in item["answer"]] == sorted(
            (source["choices"][i].upper() for i in source["answer"]),
            key=item["choices"].index,
        )
        assert item["prompt"] == source["prompt"].upper()
        assert item["explanation"] == source["explanation"].upper()
    orders = {tuple(q["order"]) for q in shown["questions"]}
    assert len(orders) > 1  # shuffled: twelve identical orders are vanishingly unlikely


def test_answers_are_scored_against_the_shown_order(app, make, login, client):
    make.module("pool", quiz=pool_quiz(12))
    login(make.user(Role.TRAINEE))
    draw = open_draw(client, "pool")
    client.post("/training/pool/check", data=form_for(draw, KEYED))
    (attempt,) = attempts()
    assert attempt.score == 100 and attempt.passed
    assert originals(attempt, attempt.answers) == {q["id"]: [2] for q in draw.shown["questions"]}
    assert attempt.started_at == draw.started_at
    assert db.session.scalar(select(QuizDraw)) is None


def test_an_old_attempt_still_reads_correctly_after_the_questions_change(app, make, login, client):
    module = make.module("quiz", sections=1)
    login(make.user(Role.TRAINEE))
    client.post("/training/quiz/check", data=form_for(open_draw(client, "quiz"), RIGHT))
    (attempt,) = attempts()
    # The same version corrected in place: every question reworded, one removed.
    module.quiz = {
        "pass_mark": 80,
        "questions": [
            dict(q, prompt="Reworded?", choices=["W", "X", "Y", "Z"], explanation="New.")
            for q in module.quiz["questions"][:4]
        ],
    }
    db.session.commit()
    html = client.get(f"/training/quiz/check/attempts/{attempt.id}").get_data(as_text=True)
    assert "You scored <strong>100%</strong>: 5 of 5 questions right." in html
    for n in range(1, 5):
        assert f"Question {n} about peer support?" in html and f"Choice {n}B" in html
    assert "Secret explanation 5" in html and "Reworded?" not in html


def test_a_failed_review_never_reveals_the_key_of_a_wrong_answer(app, make, login, client):
    make.module("pool", quiz=pool_quiz(12))
    login(make.user(Role.TRAINEE))
    draw = open_draw(client, "pool")
    ids = [q["id"] for q in draw.shown["questions"]]
    wrong = set(ids[:3])  # 3 of 6 right: 50%, a fail
    picks = {qid: ([0] if qid in wrong else [2]) for qid in ids}
    response = client.post("/training/pool/check", data=form_for(draw, picks))
    text = page_text(client.get(response.location).get_data(as_text=True))
    assert "Not passed yet." in text
    for qid in ids:
        n = qid[1:]
        assert f"Pool question {n}?" in text and f"Pool explanation {n}." in text
        nodes = text.split("\n")  # whole text nodes: "Key 1" must not match "Key 12"
        if qid in wrong:
            assert f"Key {n}" not in nodes  # the keyed option, nowhere on the page
            assert f"Wrong {n} one" in nodes  # what they chose, said to be not the best
        else:
            assert f"Key {n}" in nodes
    assert text.count("not the best answer") == 3
    assert "Right answer\n" not in text


def test_a_pass_shows_the_full_review(app, make, login, client):
    make.module("pool", quiz=pool_quiz(12, pass_mark=80))
    login(make.user(Role.TRAINEE))
    draw = open_draw(client, "pool")
    ids = [q["id"] for q in draw.shown["questions"]]
    picks = {qid: [2] for qid in ids} | {ids[0]: [1]}  # 5 of 6: 83%, a pass
    response = client.post("/training/pool/check", data=form_for(draw, picks))
    text = page_text(client.get(response.location).get_data(as_text=True))
    assert "Passed." in text
    n, nodes = ids[0][1:], text.split("\n")
    assert f"Wrong {n} two" in nodes and f"Key {n}" in nodes and "Right answer" in nodes


def test_answers_for_a_closed_draw_are_not_scored(app, make, login, client):
    make.module("pool", quiz=pool_quiz(12))
    login(make.user(Role.TRAINEE))
    draw = open_draw(client, "pool")
    data = form_for(draw, KEYED)
    assert client.post("/training/pool/check", data=data).status_code == 302
    again = client.post("/training/pool/check", data=data)  # a second tab, same answers
    assert again.status_code == 302 and again.location.endswith("/training/pool/check")
    assert len(attempts()) == 1
    stale = client.post("/training/pool/check", data={**data, "draw": "999"})
    assert stale.location.endswith("/training/pool/check") and len(attempts()) == 1


def test_the_draw_is_written_in_the_configured_locale(app, make, login, client):
    quiz = pool_quiz(10, draw=10)
    quiz["questions"][0]["prompt"] = "When would you call {{emergency_number}}?"
    quiz["questions"][0]["explanation"] = "A {{advance_directive}} is not an emergency."
    make.module("local", quiz=quiz)
    app.config["LOCALE"] = "uk"
    login(make.user(Role.TRAINEE))
    html = client.get("/training/local/check").get_data(as_text=True)
    assert "When would you call 999?" in html and "{{" not in html
    draw = open_draw(client, "local")
    item = next(q for q in draw.shown["questions"] if q["id"] == "p1")
    assert item["prompt"] == "When would you call 999?"
    assert "{{" not in item["explanation"]
