"""Knowledge checks: answers stay on the server, scoring, retries, and tampered input."""

from __future__ import annotations

from html.parser import HTMLParser

from sqlalchemy import func, select

from peertrain.extensions import db
from peertrain.models import AuditEvent, ModuleProgress, ProgressStatus, QuizAttempt, Role
from peertrain.modules.scoring import clean_answers, grade

from .factories_training import RIGHT, sample_quiz
from .quiz_forms import field_names, form_for, open_draw, originals

ALL_RIGHT = dict(RIGHT)
TWO_WRONG = {**RIGHT, "q1": [0], "q5": [0]}


def inputs(html: str) -> list[dict]:
    found: list[dict] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "input":
                found.append(dict(attrs))

    Collect().feed(html)
    return found


def attempts() -> list[QuizAttempt]:
    return list(db.session.scalars(select(QuizAttempt).order_by(QuizAttempt.id)))


def test_check_page_never_contains_answers_or_explanations(app, make, login, client):
    make.module("quiz")
    login(make.user(Role.TRAINEE))
    draw = open_draw(client, "quiz")
    html = client.get("/training/quiz/check").get_data(as_text=True)
    for question in draw.shown["questions"]:
        assert question["prompt"] in html
        assert question["explanation"] not in html
    assert "Secret explanation" not in html
    # Choices carry only their shown position: nothing marks which is right.
    choices = [i for i in inputs(html) if i.get("type") in ("radio", "checkbox")]
    assert len(choices) == sum(len(q["choices"]) for q in draw.shown["questions"])
    for i in choices:
        expected = {"id", "name", "type", "value"} | (
            {"required"} if i["type"] == "radio" else set()
        )
        assert set(i) == expected, i
    (hidden,) = [i for i in inputs(html) if i.get("type") == "hidden" and i["name"] == "draw"]
    assert hidden["value"] == str(draw.id)


def test_questions_are_radio_or_checkbox_groups_with_legends(app, make, login, client):
    make.module("quiz")
    login(make.user(Role.TRAINEE))
    html = client.get("/training/quiz/check").get_data(as_text=True)
    assert html.count("<fieldset") == 5 and html.count("<legend>") == 5
    assert html.count('type="radio"') == 16 and html.count('type="checkbox"') == 4
    assert "Select all that apply." in html
    assert "Secret explanation" not in html
    # The checkbox group is the one shared field, not a copy of it.
    from peertrain import fields
    from peertrain.modules import forms

    assert forms.MultiCheckboxField is fields.MultiCheckboxField


def test_fail_then_pass_keeps_every_attempt_and_explains_each(app, make, login, client):
    module = make.module("quiz", sections=1)
    me = make.user(Role.TRAINEE)
    login(me)
    first = client.post("/training/quiz/check", data=form_for(open_draw(client, "quiz"), TWO_WRONG))
    assert first.status_code == 302 and "/training/quiz/check/attempts/" in first.location
    result = client.get(first.location).get_data(as_text=True)
    assert "You scored <strong>60%</strong>: 3 of 5 questions right." in result
    assert "Not passed yet." in result
    assert result.count("Not right") == 2 and result.count(">Right<") == 3
    assert "Secret explanation 1" in result and "Secret explanation 5" in result
    assert "Try the knowledge check again" in result

    second = client.post(
        "/training/quiz/check", data=form_for(open_draw(client, "quiz"), ALL_RIGHT)
    )
    result = client.get(second.location).get_data(as_text=True)
    assert "You scored <strong>100%</strong>" in result and "Passed." in result
    rows = attempts()
    assert [(a.score, a.passed) for a in rows] == [(60, False), (100, True)]
    assert originals(rows[0], rows[0].answers) == TWO_WRONG
    assert all(a.module_id == module.id and a.user_id == me.id for a in rows)
    # The check page lists both, newest first.
    html = client.get("/training/quiz/check").get_data(as_text=True)
    assert html.index("100%") < html.index("60%")
    outcomes = db.session.scalars(
        select(AuditEvent.outcome)
        .where(AuditEvent.action == "quiz_attempt")
        .order_by(AuditEvent.id)
    ).all()
    assert outcomes == ["failed", "passed"]


def test_multi_answer_questions_need_exactly_the_right_set(app, make, login, client):
    make.module("quiz")
    login(make.user(Role.TRAINEE))
    for q5, right in (([0], False), ([0, 1, 2], False), ([2, 0], True)):
        client.post(
            "/training/quiz/check",
            data=form_for(open_draw(client, "quiz"), {**ALL_RIGHT, "q5": q5}),
        )
        last = attempts()[-1]
        assert last.score == (100 if right else 80)
    quiz = sample_quiz()
    assert grade(quiz, {**RIGHT, "q5": [0, 2, 3]}).right == 4
    assert grade(quiz, {**RIGHT, "q5": [2, 0]}).right == 5


def test_pass_mark_is_judged_on_the_score_shown(app):
    quiz = sample_quiz(pass_mark=80)
    four_of_five = grade(quiz, {**RIGHT, "q1": [0]})
    assert four_of_five.score == 80 and four_of_five.passed
    three = grade(quiz, {**RIGHT, "q1": [0], "q2": [0]})
    assert three.score == 60 and not three.passed
    thirds = {"pass_mark": 67, "questions": sample_quiz()["questions"][:3]}
    two_of_three = grade(thirds, {"q1": [1], "q2": [1], "q3": [0]})
    assert two_of_three.score == 67 and two_of_three.passed
    assert not grade({"pass_mark": 50, "questions": []}, {}).passed


def test_unanswered_questions_are_shown_again_with_choices_kept(app, make, login, client):
    make.module("quiz")
    login(make.user(Role.TRAINEE))
    draw = open_draw(client, "quiz")
    data = form_for(draw, {"q1": [2], "q5": [3]})
    response = client.post("/training/quiz/check", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Please answer every question" in html
    assert html.count("Choose an answer.") == 2 * 3  # in the summary and next to each of 3
    kept = {(i["name"], i["value"]) for i in inputs(html) if "checked" in i}
    names = field_names(draw)
    assert kept == {(names["q1"], data[names["q1"]][0]), (names["q5"], data[names["q5"]][0])}
    assert "Secret explanation" not in html
    assert attempts() == []


def test_tampered_answers_are_refused_without_storing_anything(app, make, login, client):
    make.module("quiz")
    login(make.user(Role.TRAINEE))
    draw = open_draw(client, "quiz")
    good, names = form_for(draw, ALL_RIGHT), field_names(draw)
    one, many = names["q1"], names["q5"]
    for bad in (
        {**good, one: "one"},
        {**good, one: "7"},
        {**good, one: "-1"},
        {**good, many: ["0", "99"]},
        {**good, many: ["x"]},
        {**good, names["q2"]: "1.0"},
    ):
        response = client.post("/training/quiz/check", data=bad)
        assert response.status_code == 400, bad
        assert "Secret explanation" not in response.get_data(as_text=True)
    assert attempts() == []


def test_unknown_questions_in_a_post_are_ignored(app, make, login, client):
    make.module("quiz")
    login(make.user(Role.TRAINEE))
    good = form_for(open_draw(client, "quiz"), ALL_RIGHT)
    response = client.post(
        "/training/quiz/check", data={**good, "q99": "1", "q_extra": "0", "score": "100"}
    )
    assert response.status_code == 302
    (attempt,) = attempts()
    assert set(attempt.answers) == {"q1", "q2", "q3", "q4", "q5"}


def test_scoring_cleans_anything_it_is_given(app):
    quiz = sample_quiz()
    given = {
        "q1": ["1", "junk", 1.5, None, True],
        "q2": [9, -1],
        "q3": [0, 1],  # two answers to a one-answer question is no answer
        "q5": [2, "0", 0],
        "nope": [1],
    }
    assert clean_answers(quiz, given) == {"q1": [1], "q2": [], "q3": [], "q4": [], "q5": [0, 2]}
    result = grade(quiz, given)
    assert [r.right for r in result.results] == [True, False, False, False, True]
    assert result.score == 40


def test_attempt_pages_belong_to_their_owner(app, make, login, client):
    module = make.module("quiz")
    other = make.module("other")
    owner, stranger = make.user(Role.TRAINEE), make.user(Role.TRAINEE)
    mine = make.attempt(owner, module)
    login(stranger)
    assert client.get(f"/training/quiz/check/attempts/{mine.id}").status_code == 404
    client.post("/auth/logout")
    login(owner)
    assert client.get(f"/training/quiz/check/attempts/{mine.id}").status_code == 200
    assert client.get(f"/training/{other.slug}/check/attempts/{mine.id}").status_code == 404
    assert client.get("/training/quiz/check/attempts/999999").status_code == 404


def test_a_better_pass_after_completion_raises_the_score(app, make, login, client):
    make.module("quiz", sections=1)
    login(make.user(Role.TRAINEE))
    client.post("/training/quiz/section/1")
    client.post(
        "/training/quiz/check", data=form_for(open_draw(client, "quiz"), {**ALL_RIGHT, "q1": [0]})
    )
    progress = db.session.scalar(select(ModuleProgress))
    assert progress.status == ProgressStatus.COMPLETED and progress.score == 80
    completed_at = progress.completed_at
    # A worse retry changes nothing.
    client.post("/training/quiz/check", data=form_for(open_draw(client, "quiz"), TWO_WRONG))
    db.session.refresh(progress)
    assert progress.score == 80 and progress.status == ProgressStatus.COMPLETED
    client.post("/training/quiz/check", data=form_for(open_draw(client, "quiz"), ALL_RIGHT))
    db.session.refresh(progress)
    assert progress.score == 100 and progress.completed_at == completed_at
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 3


def test_someone_elses_attempt_is_refused_and_recorded(app, make, login, client):
    from sqlalchemy import select

    from peertrain.extensions import db
    from peertrain.models import AuditEvent

    module = make.module("quiz")
    owner, stranger = make.user(Role.TRAINEE), make.user(Role.TRAINEE)
    mine = make.attempt(owner, module)
    login(stranger)
    assert client.get(f"/training/quiz/check/attempts/{mine.id}").status_code == 404
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "quiz_attempt_read")
    ).all()
    assert [(e.actor_id, e.record_type, e.record_id, e.outcome) for e in events] == [
        (stranger.id, "quiz_attempt", str(mine.id), "denied")
    ]
