"""The per-worker supervision months stay what the sessions say, and the trend read from
them equals the rule computed by brute force over the sessions."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, select, update

from peertrain.derived import bulk_load
from peertrain.derived.supervision import TRAILING_MONTHS, add_months, rebuild
from peertrain.extensions import db
from peertrain.models import (
    Attendance,
    AuditEvent,
    CancelReason,
    CertificationStage,
    Role,
    SessionParticipant,
    SessionStatus,
    Setting,
    SupervisionMonth,
    SupervisionSession,
)
from peertrain.reports import queries
from peertrain.reports.filters import Filters
from peertrain.reports.queries import Targets
from peertrain.reports.queries.base import month_buckets

from .test_migrations import empty_database_url, upgraded_after  # noqa: F401  (a fixture)

SETTINGS = ("supervision_interval_new_days", "supervision_interval_days")


def months() -> dict:
    rows = db.session.execute(select(SupervisionMonth)).scalars()
    return {(r.worker_id, r.month): (r.latest, r.previous, r.minutes) for r in rows}


def attendances() -> set:
    rows = db.session.execute(select(Attendance)).scalars()
    return {
        (r.session_id, r.worker_id, r.held_on, r.status, r.cancel_reason, r.minutes) for r in rows
    }


def matches_rebuild() -> bool:
    maintained = (months(), attendances())
    rebuild(db.session.connection())
    db.session.commit()
    return (months(), attendances()) == maintained


@pytest.fixture
def people(app, make):
    sup = make.user(Role.SUPERVISOR)
    return sup, make.user(), make.user()


def test_rows_run_from_the_first_held_month_to_fourteen_after_the_last(make, people):
    sup, ann, bo = people
    make.session(sup, ann, held_on=date(2026, 1, 5), minutes=60)
    make.session(sup, ann, held_on=date(2026, 1, 20), minutes=45)
    make.session(sup, ann, bo, held_on=date(2026, 3, 2), minutes=90)
    rows = months()
    ann_rows = sorted(k[1] for k in rows if k[0] == ann.id)
    assert ann_rows[0] == date(2026, 1, 1)
    assert ann_rows[-1] == add_months(date(2026, 3, 1), TRAILING_MONTHS)
    assert rows[(ann.id, date(2026, 1, 1))] == (date(2026, 1, 20), None, 105)
    assert rows[(ann.id, date(2026, 2, 1))] == (None, date(2026, 1, 20), 0)
    assert rows[(ann.id, date(2026, 3, 1))] == (date(2026, 3, 2), date(2026, 1, 20), 90)
    assert rows[(bo.id, date(2026, 3, 1))] == (date(2026, 3, 2), None, 90)
    assert (bo.id, date(2026, 2, 1)) not in rows


def test_edits_cancellations_new_people_and_deletions_are_followed(make, people):
    sup, ann, bo = people
    sess = make.session(sup, ann, held_on=date(2026, 1, 5), minutes=60)
    assert matches_rebuild()
    sess.held_on, sess.minutes = date(2026, 4, 9), 30
    db.session.commit()
    assert min(k[1] for k in months()) == date(2026, 4, 1)
    assert matches_rebuild()
    cancelled = make.cancelled(sup, bo, held_on=date(2026, 2, 1))
    assert not [k for k in months() if k[0] == bo.id]
    held, off = SessionStatus.HELD, SessionStatus.CANCELLED
    assert attendances() == {
        (sess.id, ann.id, date(2026, 4, 9), held, None, 30),
        (cancelled.id, bo.id, date(2026, 2, 1), off, CancelReason.SERVICE_DEMANDS, 0),
    }
    sess.participants.append(SessionParticipant(supervisee_id=bo.id))
    db.session.commit()
    assert months()[(bo.id, date(2026, 4, 1))] == (date(2026, 4, 9), None, 30)
    sess.status, sess.cancel_reason = SessionStatus.CANCELLED, CancelReason.OTHER
    db.session.commit()
    assert months() == {}
    assert (sess.id, bo.id, date(2026, 4, 9), off, CancelReason.OTHER, 30) in attendances()
    sess.status, sess.cancel_reason = SessionStatus.HELD, None
    db.session.commit()
    db.session.delete(sess)
    db.session.commit()
    assert months() == {}
    assert {a[0] for a in attendances()} == {cancelled.id}
    assert matches_rebuild()


def brute_force_trend(attended, workers, end: date, t: Targets) -> list[tuple]:
    """The rule, straight from the attendances: (workers, seen, minutes) per month."""
    out = []
    for b in month_buckets(end, 12):
        started = [w for w in workers if w.start_date is None or w.start_date <= b.end]
        seen = 0
        for w in started:
            new = w.certification_stage == CertificationStage.IN_TRAINING or (
                w.start_date is not None and w.start_date >= b.end - timedelta(days=365)
            )
            cut = b.end - timedelta(days=t.interval_new_days if new else t.interval_days)
            seen += any(wid == w.id and cut <= day <= b.end for wid, day, _ in attended)
        minutes = sum(m for _, day, m in attended if b.start <= day <= b.end)
        out.append((len(started), seen, minutes))
    return out


@pytest.mark.parametrize(
    ("end", "intervals", "one_team"),
    [
        (date(2026, 6, 30), None, False),  # the defaults, 14 and 30 days
        (date(2026, 6, 17), None, True),  # inside a month, sessions after it; one team
        (date(2026, 3, 1), (45, 75), False),  # intervals reaching back into earlier months
        (date(2026, 5, 31), (200, 365), True),  # the longest an admin may set
    ],
)
def test_trend_equals_the_rule_computed_by_brute_force(app, make, end, intervals, one_team):
    rng = random.Random(end.toordinal())
    if intervals:
        for key, days in zip(SETTINGS, intervals, strict=True):
            db.session.add(Setting(key=key, value=str(days)))
        db.session.commit()
    sup = make.user(Role.SUPERVISOR)
    teams = [make.team(), make.team(), None]  # and some workers without a team
    workers = [
        make.user(
            team=teams[k % 3],
            start_date=date(2025, 1, 1) + timedelta(days=rng.randint(0, 500)),
            certification_stage=rng.choice(list(CertificationStage)),
        )
        for k in range(9)
    ]
    workers[0].start_date = None  # a start date nobody recorded
    db.session.commit()
    sessions = []
    for _ in range(120):
        people = rng.sample(workers, rng.choice([1, 1, 1, 2, 3]))  # some group sessions
        day = date(2024, 11, 1) + timedelta(days=rng.randint(0, 640))  # some after the end
        if rng.random() < 0.2:
            make.cancelled(sup, *people, held_on=day)
        else:
            sessions.append(make.session(sup, *people, held_on=day, minutes=rng.choice([30, 60])))
    for sess in rng.sample(sessions, 15):  # edited afterwards: another day, other minutes
        sess.held_on += timedelta(days=rng.randint(-40, 40))
        sess.minutes = 45
    db.session.commit()
    team = teams[0] if one_team else None
    in_scope = [
        w
        for w in workers
        if (w.start_date is None or w.start_date <= end) and (team is None or w.team == team)
    ]
    ids = {w.id for w in in_scope}
    attended = [
        (p.supervisee_id, s.held_on, s.minutes)
        for s in sessions
        for p in s.participants
        if p.supervisee_id in ids
    ]
    f = Filters(start=end - timedelta(days=90), end=end, team_id=team.id if team else None)
    rows = queries.monthly_trend(db.session, f, Targets.load())
    got = [(r["workers"], r["seen"], round(r["hours"] * 60)) for r in rows]
    wanted = brute_force_trend(attended, in_scope, end, Targets.load())
    assert got == [(n, seen, round(round(m / 60, 1) * 60)) for n, seen, m in wanted]
    assert any(seen for _, seen, _ in wanted)  # the rule was exercised, not vacuous


def test_removing_someone_from_a_session_and_bulk_updates_are_followed(make, people):
    sup, ann, bo = people
    sess = make.session(sup, ann, bo, held_on=date(2026, 1, 5), minutes=60)
    sess.participants = [p for p in sess.participants if p.supervisee_id == ann.id]
    db.session.commit()  # bo's attendance goes as a delete-orphan
    assert {a[1] for a in attendances()} == {ann.id}
    assert not [k for k in months() if k[0] == bo.id]
    with bulk_load(db.session):
        db.session.execute(
            update(SupervisionSession)
            .where(SupervisionSession.id == sess.id)
            .values(held_on=date(2026, 2, 9))
        )
    db.session.commit()  # a declared bulk statement: the tables are rebuilt at commit
    assert {a[2] for a in attendances()} == {date(2026, 2, 9)}
    assert min(k[1] for k in months()) == date(2026, 2, 1)


def test_migration_fills_the_months_from_existing_sessions(empty_database_url):  # noqa: F811
    with upgraded_after(empty_database_url, "0003_competency_current", HISTORY):
        rows = months()
        assert len(rows) == 3 + TRAILING_MONTHS  # January to March, then the trailing months
        assert rows[(1, date(2026, 1, 1))] == (date(2026, 1, 20), None, 60)
        assert rows[(1, date(2026, 2, 1))] == (None, date(2026, 1, 20), 0)
        assert rows[(1, date(2026, 3, 1))] == (date(2026, 3, 3), date(2026, 1, 20), 45)
        assert {(a[0], a[3], a[5]) for a in attendances()} == {
            (1, SessionStatus.HELD, 60),
            (2, SessionStatus.CANCELLED, 0),
            (3, SessionStatus.HELD, 45),
        }


_SESSION = (
    "INSERT INTO supervision_session (id, supervisor_id, held_on, minutes, format, setting,"
    " status, cancel_reason, topics, what_happened, what_it_meant, what_next, created_at,"
    " updated_at, version) VALUES ({id}, 1, '{day}', {minutes}, 'individual', 'in_person',"
    " '{status}', {reason}, '[]', '', '', '', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)"
)
HISTORY = [
    'INSERT INTO "user" (id, email, name, password_hash, fte, is_peer, active, created_at,'
    " certification_stage) VALUES (1, 'a@example.org', 'A', 'x', 1.0, true, true,"
    " '2026-01-01 00:00:00', 'in_training')",
    _SESSION.format(id=1, day="2026-01-20", minutes=60, status="held", reason="NULL"),
    _SESSION.format(id=2, day="2026-02-10", minutes=0, status="cancelled", reason="'other'"),
    _SESSION.format(id=3, day="2026-03-03", minutes=45, status="held", reason="NULL"),
    "INSERT INTO session_participant (session_id, supervisee_id, reflection)"
    " VALUES (1, 1, ''), (2, 1, ''), (3, 1, '')",
]


def test_rebuild_command_repairs_tables_edited_by_hand(app, make, people):
    sup, ann, _ = people
    make.session(sup, ann, held_on=date(2026, 1, 5), minutes=60)
    good = (months(), attendances())
    db.session.execute(delete(SupervisionMonth))
    db.session.execute(update(Attendance).values(minutes=1))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["derived", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "supervision_attendance: 1 rows" in result.output
    assert (months(), attendances()) == good
    assert db.session.scalar(
        select(AuditEvent.action).where(AuditEvent.action == "derived.rebuild")
    )
