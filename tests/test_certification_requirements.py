"""Requirements counted on hand-made fixtures: hours per domain, group sessions, signed and
unsigned hours, the exam, and continuing education with its topic hours."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from peertrain.catalog.credentials import Credential, Domain, GroupRule, Source, Topic
from peertrain.certification.requirements import (
    CourseHours,
    Evidence,
    ModuleDone,
    SessionHours,
    WeekHours,
    ce_progress,
    minutes_by_domain,
    progress,
    supervision_minutes,
)

TODAY = date(2026, 12, 2)
CREDENTIAL = Credential(
    id="test", name="Test Peer Credential", awarding_body="Test Board", summary="S",
    training_hours=10, domains=(
        Domain("adv", "Advocacy", 2, ("LEA", "LNK")),
        Domain("eth", "Ethics", 4, ("COM", "GRO")),
        Domain("men", "Mentoring", 0, ("LIV",)),
    ),
    work_hours=100, work_within_years=None, supervision_hours=10, group=GroupRule(),
    exam_required=True, exam_name="Test Exam", renewal_years=2, ce_hours=20,
    ce_topics=(Topic("ethics", "Ethics", 6),), sources=(Source("c", "https://x"),),
)  # fmt: skip
ALL_MET = Evidence(
    modules=[ModuleDone("M", 600, ("LEA-1", "COM-1", "COM-2", "GRO-1", "LIV-1"))],
    weeks=[WeekHours(date(2026, 11, 2), 100 * 60, True, True)],
    sessions=[SessionHours(600, False, True)],
    exam_passed_on=date(2026, 11, 20),
    categories=[("Engages", True)],
)


def _req(p, key):
    return next(r for r in p.requirements if r.key == key)


def test_module_minutes_are_split_across_its_competencies_then_mapped_to_domains():
    # 80 minutes over four tags: LIV twice (40), ENG once (20, in no domain), COM once (20).
    module = ModuleDone("Sharing your story", 80, ("LIV-1", "LIV-2", "ENG-1", "COM-1"))
    course = CourseHours(120, ("LEA", "COM"), verified=True)
    found = minutes_by_domain(CREDENTIAL, [module], [course])
    assert found == {"men": 40, "": 20, "eth": 20 + 60, "adv": 60}


def test_training_counts_verified_courses_and_lists_unverified_as_waiting():
    evidence = Evidence(
        modules=[ModuleDone("M", 120, ("LEA-1",))],
        courses=[CourseHours(240, ("COM",), verified=True), CourseHours(90, ("GRO",), False)],
    )
    training = _req(progress(CREDENTIAL, evidence, TODAY), "training")
    assert (training.done, training.target, training.met) == (6.0, 10, False)
    assert [(p.label, p.done, p.target) for p in training.parts] == [
        ("Advocacy", 2.0, 2), ("Ethics", 4.0, 4), ("Mentoring", 0.0, 0),
    ]  # fmt: skip
    waiting = [s.text for s in training.steps if s.who == "other"]
    assert waiting == ["1.5 hours of other training waiting for a supervisor's verification."]
    assert ("Other training, awaiting verification", "1.5 hours") in training.figures


def test_a_domain_short_of_its_hours_keeps_training_unmet_even_above_the_total():
    evidence = Evidence(modules=[ModuleDone("M", 11 * 60, ("LEA-1",))])
    training = _req(progress(CREDENTIAL, evidence, TODAY), "training")
    assert training.done == 11 and not training.met
    assert any("Ethics: 0 of 4 hours" in s.text for s in training.steps)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (GroupRule("full"), 60 + 120),
        (GroupRule("share", share=0.5), 60 + 60),
        (GroupRule("full", cap_hours=1.5), 60 + 90),
        (GroupRule("share", share=0.5, cap_hours=0.5), 60 + 30),
    ],
    ids=["full", "half-share", "full-capped", "share-then-cap"],
)
def test_group_sessions_count_by_the_credential_s_rule(rule, expected):
    sessions = [SessionHours(60, False, True), SessionHours(90, True, True),
                SessionHours(30, True, True)]  # fmt: skip
    assert supervision_minutes(rule, sessions) == expected


def test_supervision_counts_signed_sessions_and_shows_held_unsigned_separately():
    credential = replace(CREDENTIAL, group=GroupRule("share", share=0.5))
    evidence = Evidence(sessions=[SessionHours(120, False, True), SessionHours(120, True, False)])
    req = _req(progress(credential, evidence, TODAY), "supervision")
    assert req.done == 2.0
    assert ("Held, not yet signed", "1 hour") in req.figures
    assert ("Group sessions held (count at 50% of each hour)", "2 hours") in req.figures
    assert [s.text for s in req.steps if s.who == "other"] == [
        "1 hour of held supervision waiting for a supervisor's signature."
    ]


def test_work_counts_signed_hours_and_separates_confirmed_and_unconfirmed():
    weeks = [WeekHours(date(2026, 11, 2), 1200, True, True),
             WeekHours(date(2026, 11, 9), 600, True, False),
             WeekHours(date(2026, 11, 16), 300, False, False)]  # fmt: skip
    work = _req(progress(CREDENTIAL, Evidence(weeks=weeks), TODAY), "work")
    assert work.done == 20.0 and work.percent == 20
    assert work.figures == (
        ("Signed by a supervisor (counted)", "20 hours"),
        ("Confirmed, not yet signed", "10 hours"),
        ("Logged, not yet confirmed", "5 hours"),
    )
    assert {s.who for s in work.steps} == {"you", "other"}


def test_work_older_than_the_credential_s_window_does_not_count():
    credential = replace(CREDENTIAL, work_within_years=6)
    weeks = [
        WeekHours(date(2019, 1, 7), 600, True, True),
        WeekHours(date(2024, 1, 8), 60, True, True),
    ]
    assert _req(progress(credential, Evidence(weeks=weeks), TODAY), "work").done == 1.0


def test_everything_met_is_ready_and_nothing_waits():
    result = progress(CREDENTIAL, ALL_MET, TODAY)
    assert [r.key for r in result.requirements] == [
        "training", "work", "supervision", "exam", "categories", "modules",
    ]  # fmt: skip
    assert result.ready and result.steps("you") == [] and result.steps("other") == []
    assert ("Passed on", "20 Nov 2026") in _req(result, "exam").figures


def test_an_unrecorded_exam_and_an_unmet_category_are_missing_with_who_acts():
    result = progress(CREDENTIAL, replace(ALL_MET, exam_passed_on=None,
                                          categories=[("Engages", True), ("Crisis", False)]),
                      TODAY)  # fmt: skip
    assert not result.ready
    exam, cats = _req(result, "exam"), _req(result, "categories")
    assert (exam.met, cats.done, cats.target) == (False, 1.0, 2.0)
    others = [s.text for _, s in result.steps("other")]
    assert "Once you pass, an administrator records the result here." in others
    assert any("Crisis" in s.text for _, s in result.steps("you"))


def test_a_credential_without_supervision_hours_or_exam_does_not_ask_for_them():
    credential = replace(CREDENTIAL, supervision_hours=0, exam_required=False)
    keys = [r.key for r in progress(credential, Evidence(), TODAY).requirements]
    assert "supervision" not in keys and "exam" not in keys


def test_continuing_education_counts_verified_training_in_the_period_with_topic_hours():
    courses = [
        CourseHours(10 * 60, ("COM",), True, date(2027, 3, 1), ("ethics",)),
        CourseHours(12 * 60, ("LEA",), True, date(2027, 9, 1)),
        CourseHours(5 * 60, ("COM",), False, date(2027, 9, 1), ("ethics",)),  # not verified
        CourseHours(8 * 60, ("COM",), True, date(2026, 1, 1), ("ethics",)),  # before the period
    ]
    ce = ce_progress(CREDENTIAL, courses, date(2026, 12, 1), date(2028, 11, 30))
    assert (ce.done, ce.target) == (22.0, 20)
    assert [(t.label, t.done, t.target) for t in ce.topics] == [("Ethics", 10.0, 6)]
    assert ce.met
