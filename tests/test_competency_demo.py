"""The demo's competency ratings: varied, believable, and keeping the rules real ratings keep."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from peertrain.assessments.profile import current_levels, latest
from peertrain.clock import today
from peertrain.demo import competency
from peertrain.demo.people import seed_people
from peertrain.derived import bulk_load
from peertrain.extensions import db
from peertrain.models import (
    COMPETENT,
    CompetencyRating,
    SessionFormat,
    SessionParticipant,
    SessionSetting,
    SupervisionAssignment,
    SupervisionSession,
)


@pytest.fixture
def demo(make):
    categories = make.competency_framework_from_content()
    org = seed_people()
    # One held session, as the supervision demo would have made, for ratings to cite.
    session = SupervisionSession(
        supervisor_id=org.people["sam"].id,
        held_on=today() - timedelta(days=120),
        minutes=60,
        format=SessionFormat.INDIVIDUAL,
        setting=SessionSetting.IN_PERSON,
    )
    session.participants = [SessionParticipant(supervisee_id=org.people["chloe"].id)]
    db.session.add(session)
    db.session.flush()
    competency.seed(org)
    db.session.commit()
    ratings = list(
        db.session.scalars(
            select(CompetencyRating).order_by(CompetencyRating.rated_at, CompetencyRating.id)
        )
    )
    by_person = defaultdict(list)
    for r in ratings:
        by_person[r.subject_id].append(r)
    people = {key: by_person[user.id] for key, user in org.people.items()}
    return org, categories, ratings, people, session


def test_most_workers_have_self_and_supervisor_views(demo):
    org, _, _, people, _ = demo
    workers = [k for k, u in org.people.items() if u.has_role("trainee") and k != "sam"]
    rated = [k for k in workers if current_levels(people[k])]
    assessed = [k for k in workers if latest(people[k], self_ratings=True)]
    assert len(workers) == 16
    assert len(rated) >= 12 and len(assessed) == 16
    # Too new to have been rated yet, or nobody to rate them: only their own views.
    assert {"amara", "isla", "maya"} & set(rated) == set()


def test_some_workers_are_competent_across_the_board(demo):
    _, categories, _, people, _ = demo
    n = sum(len(c.competencies) for c in categories)
    for key in ("dev", "grace", "kemi", "olu"):
        levels = current_levels(people[key])
        assert len(levels) == n and min(levels.values()) >= COMPETENT, key


def test_self_views_and_supervisor_views_differ_for_some(demo):
    _, _, _, people, _ = demo
    large = 0
    for ratings in people.values():
        current = current_levels(ratings)
        for cid, r in latest(ratings, self_ratings=True).items():
            if cid in current and abs(r.level - current[cid]) >= 2:
                large += 1
    assert large >= 10


def test_northgate_is_below_competent_in_crises_and_leadership(demo):
    org, categories, _, people, _ = demo
    northgate = [
        k for k, u in org.people.items() if u.team and u.team.name == "Northgate Secure Service"
    ]
    by_code = {c.code: c for c in categories}

    def share_competent(keys, code):
        ids = [comp.id for comp in by_code[code].competencies]
        levels = [current_levels(people[k]).get(i) for k in keys for i in ids]
        rated = [lvl for lvl in levels if lvl is not None]
        return sum(1 for lvl in rated if lvl >= COMPETENT) / len(rated)

    others = [k for k, u in org.people.items() if u.team and k not in northgate and k != "sam"]
    for code in ("CRI", "LEA"):
        # Well under the default target of 60% at competent or above, unlike the other teams.
        assert share_competent(northgate, code) < 0.4, code
        assert share_competent(others, code) > 0.6, code
    assert share_competent(northgate, "ENG") > 0.5


def test_every_demo_rating_keeps_the_rules(demo):
    org, _, ratings, _, session = demo
    start = {u.id: u.start_date for u in org.people.values()}
    assignments = db.session.scalars(select(SupervisionAssignment)).all()
    cited_session = False
    for r in ratings:
        assert 1 <= r.level <= 4
        assert today() - timedelta(days=366) <= r.rated_at.date() <= today()
        assert r.rated_at.date() >= start[r.subject_id]
        if r.source.value == "self":
            assert r.rater_id == r.subject_id
            continue
        assert r.note.strip()
        held = [
            a
            for a in assignments
            if a.supervisor_id == r.rater_id
            and a.supervisee_id == r.subject_id
            and a.is_current(r.rated_at.date())
        ]
        assert held, "rated by someone who was their supervisor at the time"
        observed = bool(r.observed_on and r.observation_setting and r.observation_text)
        assert observed == bool(r.attested)
        assert observed or r.evidence_module_id or r.evidence_session_id
        if r.source.value == "observation":
            assert observed and r.observed_on <= r.rated_at.date()
        if r.evidence_session_id:
            assert r.evidence_session_id == session.id and r.rated_at.date() >= session.held_on
            cited_session = True
    assert cited_session


def test_demo_ratings_are_the_same_every_time(demo):
    org, _, ratings, _, _ = demo
    first = [(r.subject_id, r.competency_id, r.source, r.level, r.rated_at) for r in ratings]
    with bulk_load(db.session):
        db.session.execute(delete(CompetencyRating))
    competency.seed(org)
    again = db.session.scalars(
        select(CompetencyRating).order_by(CompetencyRating.rated_at, CompetencyRating.id)
    )
    assert [(r.subject_id, r.competency_id, r.source, r.level, r.rated_at) for r in again] == first
