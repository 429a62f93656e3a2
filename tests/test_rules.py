"""Each business rule in peertrain/rules/ gives one answer: its Python form on objects and its
SQL form on the test database (SQLite, or PostgreSQL in CI's second run) agree, case by case."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from peertrain.assessments.profile import current_levels as profile_levels
from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import (
    CertificationStage,
    CompetencyRating,
    CurrentLevel,
    RatingSource,
    Role,
    User,
)
from peertrain.reports import queries
from peertrain.reports.filters import Filters
from peertrain.reports.queries import Targets
from peertrain.reports.queries.base import workers
from peertrain.rules import current_level, first_year
from peertrain.rules import workers as worker_rule
from peertrain.supervision.overview import supervisee_overview

S = CertificationStage
SUP, OBS, SELF = RatingSource.SUPERVISOR, RatingSource.OBSERVATION, RatingSource.SELF
ON = date(2026, 6, 1)
T0 = datetime(2026, 3, 2, 10, 15)

# --- first year and the supervision interval ----------------------------------------------

# (stage, days since the start date on ON, or None for no start date, new on ON?)
FIRST_YEAR = [
    (S.CERTIFIED, 0, True),
    (S.CERTIFIED, 364, True),
    (S.CERTIFIED, 365, False),  # day 365 is the first day of year two
    (S.CERTIFIED, 366, False),
    (S.CERTIFIED, None, False),
    (S.CERTIFIED, -3, True),  # starts after the day: not yet a year in
    (S.PROVISIONAL, 365, False),
    (S.SENIOR, 200, True),
    (S.IN_TRAINING, 365, True),  # in training: always the shorter interval
    (S.IN_TRAINING, 2000, True),
    (S.IN_TRAINING, None, True),
]


@pytest.mark.parametrize(("stage", "days", "new"), FIRST_YEAR)
def test_first_year_python_and_sql_agree(make, stage, days, new):
    start = None if days is None else ON - timedelta(days=days)
    user = make.user(certification_stage=stage)
    user.start_date = start
    db.session.commit()
    gaps = first_year.Intervals(new_days=14, days=30)
    before = first_year.year_before(ON)
    sql = db.session.execute(
        select(
            first_year.is_new_worker_sql(User.certification_stage, User.start_date, before),
            first_year.interval_days_sql(User.certification_stage, User.start_date, before, gaps),
        ).where(User.id == user.id)
    ).one()
    python = (
        first_year.is_new_worker(stage, start, ON),
        first_year.interval_days(stage, start, ON, gaps),
    )
    assert python == (new, 14 if new else 30)
    assert (bool(sql[0]), int(sql[1])) == python


def test_interval_defaults_are_the_targets_defaults(app):
    from peertrain.targets import TARGETS

    assert first_year.Intervals() == first_year.Intervals(
        new_days=int(TARGETS["supervision_interval_new_days"].default),
        days=int(TARGETS["supervision_interval_days"].default),
    )
    assert first_year.Intervals.load() == first_year.Intervals(new_days=14, days=30)


@pytest.mark.parametrize(("days", "overdue"), [(364, True), (365, False)])
def test_supervisor_page_and_manager_report_agree_on_day_365(make, days, overdue):
    """The issue's case: certified, started `days` ago, last seen 20 days ago. In the first
    year (14 days) that is overdue; from day 365 (30 days) it is not, on both pages."""
    team = make.team()
    sup = make.user(Role.SUPERVISOR, team=team)
    worker = make.user(team=team, certification_stage=S.CERTIFIED)
    worker.start_date = today() - timedelta(days=days)
    db.session.commit()
    make.assign(sup, worker, start=today() - timedelta(days=300))
    make.session(sup, worker, held_on=today() - timedelta(days=20))
    page = {r.id: r.overdue for r in supervisee_overview(sup.id)}
    f = Filters(start=today() - timedelta(days=89), end=today())
    report = queries.coverage_by_team(db.session, f, Targets.load())
    assert page == {worker.id: overdue}
    assert [(r["workers"], r["overdue"]) for r in report] == [(1, int(overdue))]


# --- the current competency level ---------------------------------------------------------

# (ratings as (source, level, minutes after T0) in insertion order, current level or None)
LEVELS = [
    ([(SUP, 2, 0), (OBS, 3, 60)], 3),
    ([(SUP, 3, 60), (SUP, 1, 0)], 3),  # a back-dated rating is history only
    ([(SUP, 2, 0), (SUP, 3, 0)], 3),  # same moment: the higher
    ([(SUP, 3, 0), (OBS, 2, 0)], 3),  # same moment, the higher inserted first
    ([(SUP, 4, 0), (SUP, 2, 30)], 2),  # a later, lower judgement wins
    ([(SUP, 2, 0), (SELF, 4, 90)], 2),  # a self-assessment never counts
    ([(SELF, 4, 0)], None),
    ([], None),
]


@pytest.mark.parametrize(("ratings", "level"), LEVELS)
def test_current_level_python_sql_derived_and_report_agree(make, ratings, level):
    comps = make.competency_framework({"ENG": 1})
    competency = comps["ENG-1"]
    sup, worker = make.user(Role.SUPERVISOR), make.user()
    for source, lvl, minutes in ratings:
        rater = worker if source == SELF else sup
        at = T0 + timedelta(minutes=minutes)
        make.competency_rating(worker, competency, lvl, source, rater, rated_at=at)
    rows = list(db.session.scalars(select(CompetencyRating).order_by(CompetencyRating.id)))
    expected = {} if level is None else {competency.id: level}
    assert current_level.current_levels(rows) == expected
    assert current_level.current_levels(reversed(rows)) == expected  # order does not matter
    assert profile_levels(rows) == expected  # the competency profile page
    sql = current_level.current_levels_sql(CompetencyRating.subject_id == worker.id)
    assert {c: lvl for _s, c, lvl, _at in db.session.execute(sql)} == expected
    derived = db.session.scalars(select(CurrentLevel).where(CurrentLevel.subject_id == worker.id))
    assert {r.competency_id: r.level for r in derived} == expected
    # The reports read the level as it was at a past end date from the history.
    past = Filters(start=T0.date() - timedelta(days=30), end=T0.date() + timedelta(days=1))
    lv = queries.competency.levels_as_of(past, workers(past))
    assert {r.competency_id: r.level for r in db.session.execute(select(lv))} == expected


def test_judged_sources_are_one_list(app):
    assert current_level.JUDGED == (SUP, OBS)
    rows = [CompetencyRating(source=s, level=1, competency_id=1, rated_at=T0) for s in RatingSource]
    assert [current_level.is_judged(r) for r in rows] == [s != SELF for s in RatingSource]


# --- who counts as a worker ---------------------------------------------------------------

START, END = date(2026, 3, 1), date(2026, 5, 31)

# (roles, active, start date, leaving date, a worker in the period ending END?)
WORKERS = [
    ([Role.TRAINEE], True, START, None, True),
    ([Role.TRAINEE], True, END, None, True),  # started on the last day
    ([Role.TRAINEE], True, END + timedelta(days=1), None, False),
    ([Role.TRAINEE], True, None, None, True),  # start not recorded
    ([Role.TRAINEE], True, date(2024, 1, 1), END, True),  # left on the last day
    ([Role.TRAINEE], True, date(2024, 1, 1), START, False),  # left on the first day
    ([Role.TRAINEE], True, date(2024, 1, 1), END - timedelta(days=1), False),
    ([Role.TRAINEE], True, date(2024, 1, 1), END + timedelta(days=30), True),  # leaving later
    ([Role.TRAINEE], False, date(2024, 1, 1), None, False),  # account deactivated
    ([Role.SUPERVISOR], True, date(2024, 1, 1), None, False),
    ([Role.SUPERVISOR, Role.TRAINEE], True, date(2024, 1, 1), None, True),
    ([Role.MANAGER], True, date(2024, 1, 1), None, False),
]


@pytest.mark.parametrize(("roles", "active", "start", "left", "counts"), WORKERS)
def test_workers_python_sql_and_reports_agree(make, roles, active, start, left, counts):
    user = make.user(*roles, active=active, left_on=left)
    user.start_date = start
    db.session.commit()
    sql = db.session.scalar(select(worker_rule.is_worker_sql(END)).where(User.id == user.id))
    assert worker_rule.is_worker(user, END) is counts
    assert bool(sql) is counts
    f = Filters(start=START, end=END)
    in_report = db.session.scalars(select(workers(f).c.id)).all()
    assert (user.id in in_report) is counts


def test_training_roles_are_one_list(app):
    from peertrain.catalog import yaml_checks
    from peertrain.modules import queries as module_queries

    assert worker_rule.TRAINING_ROLES == (Role.TRAINEE, Role.SUPERVISOR)
    assert module_queries.TRAINING_ROLES is worker_rule.TRAINING_ROLES
    assert yaml_checks.TRAINING_ROLES == ("trainee", "supervisor")
