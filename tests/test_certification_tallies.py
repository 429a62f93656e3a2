"""The rows open to a signature, read two ways from one rule (certification/batches.py): the
supervisor's home counts them in SQL, the sign-off page reads them; both agree on every case."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from peertrain.certification.batches import Tally, batches, tallies
from peertrain.certification.services_signoff import record
from peertrain.certification.waiting import waiting_for
from peertrain.clock import today, utcnow
from peertrain.extensions import db
from peertrain.models import (
    Role,
    ServiceSetting,
    SessionFormat,
    SignoffKind,
    SignoffMethod,
    TrainingRecord,
    WorkLog,
)


def _week(worker, weeks_ago, *, confirmed=False, returned=False, corrects=None, by=None):
    day = today() - timedelta(weeks=weeks_ago)
    row = WorkLog(
        worker_id=worker.id, week_starting=day - timedelta(days=day.weekday()), minutes=600,
        setting=ServiceSetting.COMMUNITY, confirmed_by_id=by.id if confirmed else None,
        confirmed_at=utcnow() if confirmed else None, returned_at=utcnow() if returned else None,
        corrects_id=corrects.id if corrects else None,
    )  # fmt: skip
    db.session.add(row)
    db.session.flush()
    return row


def _course(worker, days_ago, *, verified=False, returned=False, by=None):
    day = today() - timedelta(days=days_ago)
    row = TrainingRecord(
        worker_id=worker.id, title="Ethics day", provider="Peer Academy", started_on=day,
        ended_on=day, minutes=360, domains=["ETH"], verified_by_id=by.id if verified else None,
        verified_at=utcnow() if verified else None, returned_at=utcnow() if returned else None,
    )  # fmt: skip
    db.session.add(row)
    db.session.flush()
    return row


def _from_batch(b) -> Tally:
    entered = sum(1 for r in b.rows if r.kind is not SignoffKind.SUPERVISION_SESSION)
    return Tally(
        b.unconfirmed_weeks,
        b.unverified_training,
        entered,
        len(b.rows) - entered,
        min((r.on for r in b.rows), default=None),
    )


@pytest.fixture
def cast(make):
    team = make.team("North")
    boss, other = make.user(Role.SUPERVISOR, team=team), make.user(Role.SUPERVISOR, team=team)
    robin, kit, idle = (make.user(Role.TRAINEE, team=team, name=n) for n in ("Robin", "Kit", "Al"))
    for w in (robin, kit, idle):
        make.assign(boss, w, start=today() - timedelta(days=400))
    # Robin: a confirmed week, one waiting, one returned, a corrected week and its correction.
    _week(robin, 2, confirmed=True, by=boss)
    _week(robin, 3)
    _week(robin, 4, returned=True)
    wrong = _week(robin, 5, confirmed=True, by=boss)
    _week(robin, 5, confirmed=True, by=boss, corrects=wrong)
    _course(robin, 10, verified=True, by=boss)
    _course(robin, 12)
    _course(robin, 14, returned=True)
    # Kit: training only, and sessions: one alone, one group with Robin, one another
    # supervisor gave, one cancelled.
    _course(kit, 30, verified=True, by=boss)
    db.session.commit()
    make.session(boss, kit, held_on=today() - timedelta(days=8))
    make.session(boss, robin, kit, held_on=today() - timedelta(days=6), format=SessionFormat.GROUP)
    make.session(other, kit, held_on=today() - timedelta(days=4))
    make.session(boss, robin, held_on=today() - timedelta(days=400))
    return boss, robin, kit, idle


PERIODS = [
    (date.min, today()),  # the home page's: everything up to today
    (today() - timedelta(days=20), today()),
    (today() - timedelta(days=9), today() - timedelta(days=7)),
    (today() - timedelta(days=3), today()),  # nothing in it
]


@pytest.mark.parametrize("period", PERIODS, ids=["all", "20 days", "a few days", "empty"])
def test_the_counts_and_the_rows_agree(app, cast, period):
    boss, robin, kit, idle = cast
    ids = [robin.id, kit.id, idle.id]
    start, end = period
    rows = {i: _from_batch(b) for i, b in batches(boss.id, ids, start, end).items()}
    assert tallies(boss.id, ids, start, end) == rows


def test_a_signed_session_leaves_the_count_for_that_worker_only(app, cast):
    boss, robin, kit, idle = cast
    before = tallies(boss.id, [robin.id, kit.id], date.min, today())
    signed = batches(boss.id, [robin.id], date.min, today())[robin.id]
    record(boss, robin, date.min, today(), signed, SignoffMethod.PASSWORD)
    db.session.commit()
    after = tallies(boss.id, [robin.id, kit.id], date.min, today())
    assert before[robin.id].to_sign == 5  # two confirmed weeks, one course, two sessions
    assert after[robin.id] == Tally(to_confirm=1, to_verify=1)
    # The group session is still Kit's to sign: a signature covers one participant.
    assert after[kit.id] == before[kit.id] and after[kit.id].sessions_ready == 2
    ids = [robin.id, kit.id]
    assert after == {i: _from_batch(b) for i, b in batches(boss.id, ids, date.min, today()).items()}


def test_the_home_lists_only_who_has_something_waiting(app, cast):
    boss, robin, kit, idle = cast
    waiting = {w.worker.name: w for w in waiting_for(boss.id)}
    assert set(waiting) == {"Robin", "Kit"}
    assert (waiting["Kit"].to_sign, waiting["Kit"].entered_ready) == (3, 1)
    assert waiting["Kit"].first == today() - timedelta(days=30)
    assert (waiting["Robin"].to_confirm, waiting["Robin"].to_verify) == (1, 1)
