"""The due-date rule, and the supervisor's overview built on it (overdue first, one statement)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import CertificationStage, Role, Setting
from peertrain.supervision import overview
from peertrain.supervision.due import Intervals, days_overdue, interval_days, next_due

S = CertificationStage
ON = date(2026, 6, 1)
GAPS = Intervals(new_days=14, days=30)


@pytest.mark.parametrize(
    ("stage", "started", "expected"),
    [
        (S.IN_TRAINING, ON - timedelta(days=2000), 14),  # a trainee, however long employed
        (S.CERTIFIED, ON - timedelta(days=100), 14),  # first year
        (S.CERTIFIED, ON - timedelta(days=364), 14),
        (S.CERTIFIED, ON - timedelta(days=365), 30),  # a full year in
        (S.PROVISIONAL, ON - timedelta(days=800), 30),
        (S.SENIOR, None, 30),  # no start date recorded: not assumed new
    ],
)
def test_interval_by_stage_and_first_year(stage, started, expected):
    assert interval_days(stage, started, ON, GAPS) == expected


def test_next_due_counts_from_last_held_session():
    due = next_due(
        last_held=date(2026, 5, 20),
        assigned_since=date(2025, 1, 1),
        stage=S.CERTIFIED,
        start_date=date(2020, 1, 1),
        on=ON,
        intervals=GAPS,
    )
    assert due == date(2026, 6, 19)


def test_never_supervised_is_due_from_assignment_start():
    due = next_due(
        last_held=None,
        assigned_since=date(2026, 5, 10),
        stage=S.IN_TRAINING,
        start_date=date(2026, 5, 1),
        on=ON,
        intervals=GAPS,
    )
    assert due == date(2026, 5, 24)
    assert days_overdue(due, ON) == 8


def test_days_overdue_is_zero_until_due():
    assert days_overdue(ON, ON) == 0
    assert days_overdue(ON + timedelta(days=3), ON) == 0
    assert days_overdue(ON - timedelta(days=1), ON) == 1


def test_intervals_follow_the_admin_targets(app):
    db.session.add_all(
        [
            Setting(key="supervision_interval_new_days", value="7"),
            Setting(key="supervision_interval_days", value="21"),
        ]
    )
    db.session.commit()
    assert overview.intervals() == Intervals(new_days=7, days=21)


@pytest.fixture
def team_of(make):
    def _team(n: int):
        team = make.team()
        sup = make.user(Role.SUPERVISOR, team=team, name="Sup")
        people = []
        for i in range(n):
            worker = make.user(
                Role.TRAINEE,
                team=team,
                name=f"Worker {i:02d}",
                certification_stage=S.CERTIFIED,
                start_date=today() - timedelta(days=900),
            )
            make.assign(sup, worker, start=today() - timedelta(days=400))
            people.append(worker)
        return sup, people

    return _team


def test_overview_marks_overdue_first_with_figures(app, make, client, login, team_of):
    sup, (fresh, late, never) = team_of(3)
    make.session(sup, fresh, held_on=today() - timedelta(days=3), minutes=90)
    make.session(sup, late, held_on=today() - timedelta(days=45), minutes=60)
    old = make.session(sup, late, held_on=today() - timedelta(days=80), minutes=30)
    make.action(old, late, due_on=today() - timedelta(days=5))
    make.action(old, late, due_on=today() + timedelta(days=5))
    make.action(old, late, done=True)
    make.cancelled(sup, fresh, held_on=today() - timedelta(days=1))  # does not reset the clock

    rows = overview.supervisee_overview(sup.id)
    assert [r.name for r in rows] == [never.name, late.name, fresh.name]
    by_name = {r.name: r for r in rows}
    assert by_name[never.name].last_held is None
    assert by_name[never.name].due == today() - timedelta(days=400) + timedelta(days=30)
    assert by_name[late.name].days_overdue == 15
    assert (by_name[late.name].open_actions, by_name[late.name].late_actions) == (2, 1)
    assert by_name[late.name].hours == 1.5
    assert by_name[fresh.name].last_held == today() - timedelta(days=3)
    assert not by_name[fresh.name].overdue and by_name[fresh.name].hours == 1.5

    login(sup)
    page = client.get("/supervision/").get_data(as_text=True)
    assert "2 of 3 are overdue" in page
    assert "Overdue by 15 days" in page  # said in words, not by colour alone
    assert page.index(never.name) < page.index(late.name) < page.index(fresh.name)


def test_overview_excludes_ended_assignments_and_other_supervisors(app, make, team_of):
    sup, (mine,) = team_of(1)
    other = make.user(Role.SUPERVISOR)
    theirs = make.user(Role.TRAINEE)
    make.assign(other, theirs)
    former = make.user(Role.TRAINEE)
    make.assign(sup, former, start=today() - timedelta(days=300), end=today() - timedelta(days=10))
    assert [r.id for r in overview.supervisee_overview(sup.id)] == [mine.id]


def _statements(client, url) -> int:
    count = [0]

    def _count(*_args, **_kw):
        count[0] += 1

    event.listen(db.engine, "before_cursor_execute", _count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", _count)
    return count[0]


def test_overview_statement_count_does_not_grow_with_supervisees(app, make, client, login):
    counts = []
    for n in (2, 12):
        team = make.team()
        sup = make.user(Role.SUPERVISOR, team=team)
        for i in range(n):
            worker = make.user(Role.TRAINEE, team=team, name=f"W{n}-{i}")
            make.assign(sup, worker)
            sess = make.session(sup, worker)
            make.action(sess, worker)
            make.action(sess, sup)
        client.post("/auth/logout")
        login(sup)
        counts.append(_statements(client, "/supervision/"))
    assert counts[0] == counts[1]
