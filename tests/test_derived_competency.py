"""The current-level and category-tally tables stay exactly what the rating history says."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from sqlalchemy import delete, insert, select

from peertrain.clock import today, utcnow
from peertrain.derived import BulkWriteError, bulk_load
from peertrain.derived.competency import rebuild
from peertrain.extensions import db
from peertrain.models import CategoryTally, CompetencyRating, CurrentLevel, RatingSource, Role
from peertrain.reports import queries
from peertrain.reports.filters import Filters
from peertrain.reports.queries import Targets
from peertrain.reports.queries import evidence_records as records

from .test_migrations import empty_database_url, upgraded_after  # noqa: F401  (a fixture)

SUP, OBS, SELF = RatingSource.SUPERVISOR, RatingSource.OBSERVATION, RatingSource.SELF
T0 = datetime(2026, 1, 10, 9, 30)


def levels() -> dict:
    rows = db.session.execute(select(CurrentLevel)).scalars()
    return {(r.subject_id, r.competency_id): (r.level, r.rated_at) for r in rows}


def tallies() -> dict:
    rows = db.session.execute(select(CategoryTally)).scalars()
    return {(r.subject_id, r.category_id): (r.rated, r.competent, r.latest) for r in rows}


@pytest.fixture
def cast(app, make):
    comps = make.competency_framework({"ENG": 2, "CRI": 1})
    sup = make.user(Role.SUPERVISOR)
    worker = make.user()
    return comps, sup, worker


def test_latest_judgement_wins_backdated_and_self_ratings_do_not(make, cast):
    comps, sup, w = cast
    eng1, eng2 = comps["ENG-1"], comps["ENG-2"]
    rate = make.competency_rating
    rate(w, eng1, 2, SUP, sup, rated_at=T0)
    rate(w, eng1, 4, OBS, sup, rated_at=T0 + timedelta(days=30))
    rate(w, eng1, 1, SUP, sup, rated_at=T0 + timedelta(days=10))  # back-dated: history only
    rate(w, eng1, 3, SUP, sup, rated_at=T0 + timedelta(days=30))  # same moment, lower
    rate(w, eng1, 1, SELF, rated_at=T0 + timedelta(days=40))  # not a judgement
    rate(w, eng2, 2, SUP, sup, rated_at=T0 + timedelta(days=5))
    eng = eng1.category_id
    assert levels() == {
        (w.id, eng1.id): (4, T0 + timedelta(days=30)),
        (w.id, eng2.id): (2, T0 + timedelta(days=5)),
    }
    assert tallies() == {(w.id, eng): (2, 1, T0 + timedelta(days=30))}


def test_two_judgements_at_the_same_moment_the_higher_counts(make, cast):
    comps, sup, w = cast
    make.competency_rating(w, comps["CRI-1"], 2, SUP, sup, rated_at=T0)
    make.competency_rating(w, comps["CRI-1"], 3, OBS, sup, rated_at=T0)
    assert levels() == {(w.id, comps["CRI-1"].id): (3, T0)}
    assert tallies() == {(w.id, comps["CRI-1"].category_id): (1, 1, T0)}


def test_random_histories_give_the_levels_the_rule_says(make, cast):
    comps, sup, first = cast
    people = [first] + [make.user() for _ in range(4)]
    rng = random.Random(7)
    made = []
    for _batch in range(6):  # several flushes, in no particular date order
        for _ in range(15):
            rating = make_rating(rng, rng.choice(people), rng.choice(list(comps.values())), sup)
            made.append(rating)
            db.session.add(rating)
        db.session.commit()
    # The rule, in Python: per pair, the latest judgement; the higher level on a tie.
    latest: dict = {}
    for r in made:
        if r.source != SELF:
            key = (r.subject_id, r.competency_id)
            latest[key] = max(latest.get(key, (r.rated_at, 0)), (r.rated_at, r.level))
    assert levels() == {key: (level, at) for key, (at, level) in latest.items()}
    category = {c.id: c.category_id for c in comps.values()}
    wanted: dict = {}
    for (wid, cid), (at, level) in latest.items():
        rated, ok, last = wanted.get((wid, category[cid]), (0, 0, at))
        wanted[(wid, category[cid])] = (rated + 1, ok + (level >= 3), max(last, at))
    assert tallies() == wanted
    maintained = (levels(), tallies())
    rebuild(db.session.connection())
    db.session.commit()
    assert (levels(), tallies()) == maintained


def test_bulk_statements_on_ratings_are_refused_unless_declared(make, cast):
    comps, sup, w = cast
    make.competency_rating(w, comps["ENG-1"], 4, SUP, sup, rated_at=T0)
    with pytest.raises(BulkWriteError, match="competency_rating"):
        db.session.execute(delete(CompetencyRating).where(CompetencyRating.level == 4))
    db.session.rollback()
    assert len(levels()) == 1  # refused before it ran: nothing stale


def test_declared_bulk_statements_rebuild_the_tables_at_commit(make, cast):
    comps, sup, w = cast
    make.competency_rating(w, comps["ENG-1"], 4, SUP, sup, rated_at=T0)
    with bulk_load(db.session):
        db.session.execute(delete(CompetencyRating).where(CompetencyRating.level == 4))
    db.session.commit()
    assert levels() == {} and tallies() == {}
    with bulk_load(db.session):
        db.session.execute(
            insert(CompetencyRating),
            [{"subject_id": w.id, "rater_id": sup.id, "competency_id": comps["CRI-1"].id,
              "source": "observation", "level": 3, "note": "", "rated_at": T0}],
        )  # fmt: skip
    db.session.commit()
    assert levels() == {(w.id, comps["CRI-1"].id): (3, T0)}


def make_rating(rng, subject, competency, rater):
    return CompetencyRating(
        subject_id=subject.id,
        rater_id=rater.id,
        competency_id=competency.id,
        source=rng.choice([SUP, OBS, SELF]),
        level=rng.randint(1, 4),
        note="",
        rated_at=T0 + timedelta(days=rng.randint(0, 8)),  # few days: ties happen
    )


@pytest.mark.parametrize("by_id", [False, True])
def test_moving_a_competency_to_another_category_resums_the_tallies(make, cast, by_id):
    comps, sup, w = cast
    make.competency_rating(w, comps["ENG-1"], 4, SUP, sup, rated_at=T0)
    make.competency_rating(w, comps["ENG-2"], 2, SUP, sup, rated_at=T0)
    cri = comps["CRI-1"].category
    if by_id:
        comps["ENG-2"].category_id = cri.id
    else:
        comps["ENG-2"].category = cri
    db.session.commit()
    eng = comps["ENG-1"].category_id
    assert tallies() == {(w.id, eng): (1, 1, T0), (w.id, cri.id): (1, 0, T0)}


def test_reports_for_a_past_period_read_the_level_as_it_was_then(make, cast):
    comps, sup, w = cast
    eng1 = comps["ENG-1"]
    now = utcnow()
    make.competency_rating(w, eng1, 2, SUP, sup, rated_at=now - timedelta(days=20))
    make.competency_rating(w, eng1, 4, SUP, sup, rated_at=now)
    t = Targets.load()

    def figures(end):
        f = Filters(start=end - timedelta(days=30), end=end)
        cells = [(r["rated"], r["competent"]) for r in queries.heat_map(db.session, f)]
        rows, total = records.competency(db.session, f, t, 50, 0)
        return cells, [(r["competency"], r["level"]) for r in rows], total

    assert figures(today()) == ([(1, 1)], [], 0)
    assert figures(today() - timedelta(days=10)) == ([(1, 0)], [("ENG-1", 2)], 1)
    assert figures(today() - timedelta(days=30)) == ([], [], 0)


def test_migration_fills_the_tables_from_existing_ratings(empty_database_url):  # noqa: F811
    with upgraded_after(empty_database_url, "0002_report_indexes", HISTORY):
        assert levels() == {(1, 1): (3, datetime(2026, 2, 1)), (1, 2): (2, datetime(2026, 1, 1))}
        assert tallies() == {(1, 1): (2, 1, datetime(2026, 2, 1))}


HISTORY = [
    'INSERT INTO "user" (id, email, name, password_hash, fte, is_peer, active, created_at,'
    " certification_stage) VALUES (1, 'a@example.org', 'A', 'x', 1.0, true, true,"
    " '2026-01-01 00:00:00', 'in_training')",
    "INSERT INTO competency_category (id, code, title, description, position)"
    " VALUES (1, 'ENG', 'Engagement', '', 1)",
    "INSERT INTO competency (id, code, category_id, statement, position)"
    " VALUES (1, 'ENG-1', 1, 's', 1), (2, 'ENG-2', 1, 's', 2)",
    "INSERT INTO competency_rating (subject_id, rater_id, competency_id, source, level, note,"
    " rated_at, attested) VALUES"
    " (1, 1, 1, 'supervisor', 1, '', '2026-01-01 00:00:00', false),"
    " (1, 1, 1, 'observation', 3, '', '2026-02-01 00:00:00', false),"
    " (1, 1, 1, 'supervisor', 2, '', '2026-02-01 00:00:00', false),"
    " (1, 1, 1, 'self', 4, '', '2026-03-01 00:00:00', false),"
    " (1, 1, 2, 'supervisor', 2, '', '2026-01-01 00:00:00', false)",
]
