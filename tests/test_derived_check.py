"""`flask derived check` finds stale derived rows, and concurrent writers leave none."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from peertrain.derived.check import differences
from peertrain.extensions import db
from peertrain.models import (
    CompetencyRating,
    CurrentLevel,
    RatingSource,
    Role,
    SessionFormat,
    SessionParticipant,
    SessionSetting,
    SessionStatus,
    SupervisionSession,
)

from .conftest import IS_POSTGRES

T0 = datetime(2026, 3, 2, 10, 0)


@pytest.fixture
def cast(app, make):
    comps = make.competency_framework({"ENG": 2, "CRI": 1})
    sup = make.user(Role.SUPERVISOR)
    workers = [make.user(name=f"Worker {n}") for n in range(4)]
    return comps, sup, workers


def test_check_passes_when_the_tables_match_the_records(app, make, cast):
    comps, sup, (w, *_) = cast
    make.competency_rating(w, comps["ENG-1"], 3, RatingSource.SUPERVISOR, sup, rated_at=T0)
    make.session(sup, w, held_on=date(2026, 3, 3))
    result = app.test_cli_runner().invoke(args=["derived", "check"])
    assert result.exit_code == 0, result.output
    assert "The derived tables match the records." in result.output


@pytest.mark.stale_derived
def test_check_fails_and_names_the_table_after_a_write_around_the_orm(app, make, cast):
    comps, sup, (w, *_) = cast
    make.competency_rating(w, comps["ENG-1"], 3, RatingSource.SUPERVISOR, sup, rated_at=T0)
    make.session(sup, w, held_on=date(2026, 3, 3))
    with db.engine.begin() as conn:  # another connection, SQL by hand: no hook sees it
        conn.execute(text("UPDATE competency_current SET level = 1"))
        conn.execute(text("DELETE FROM supervision_attendance"))
    result = app.test_cli_runner().invoke(args=["derived", "check"])
    assert result.exit_code == 1
    assert f"{CurrentLevel.__tablename__}: 1 missing, 1 stale or extra" in result.output
    assert "supervision_attendance: 1 missing, 0 stale or extra" in result.output
    assert "flask derived rebuild" in result.output
    assert db.session.scalar(select(CurrentLevel.level)) == 1  # the check changed nothing

    assert app.test_cli_runner().invoke(args=["derived", "rebuild"]).exit_code == 0
    assert differences(db.engine) == []


@pytest.mark.skipif(not IS_POSTGRES, reason="concurrent writers need PostgreSQL")
def test_two_writers_on_overlapping_workers_neither_deadlock_nor_leave_stale_rows(app, cast):
    """Each writer, in one flush, rates some workers and records a session with others, in
    opposite orders; with each family locking its own workers separately this could
    deadlock. Every flush now locks all its workers in one id-ordered statement."""
    comps, sup, workers = cast
    ids = [w.id for w in workers]
    comp_ids = [c.id for c in comps.values()]
    sup_id, engine = sup.id, db.engine
    errors: list[str] = []
    start = threading.Barrier(2)

    def writer(rated: list[int], in_session: list[int], rounds: int, offset: int) -> None:
        try:
            for n in range(rounds):
                with Session(engine) as session:
                    for wid in rated:
                        session.add(_rating(wid, comp_ids[n % len(comp_ids)], sup_id, n + offset))
                    session.add(_session(sup_id, in_session, n))
                    if n == 0:
                        start.wait()
                    session.commit()
        except Exception as error:  # noqa: BLE001  (reported below, not lost in the thread)
            errors.append(repr(error))

    threads = [
        threading.Thread(target=writer, args=(ids[:3], ids[1:], 15, 0)),
        threading.Thread(target=writer, args=(list(reversed(ids[1:])), ids[:3][::-1], 15, 1)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert db.session.scalar(select(db.func.count()).select_from(CompetencyRating)) == 90
    assert differences(db.engine) == []


def _rating(worker_id: int, competency_id: int, rater_id: int, n: int) -> CompetencyRating:
    return CompetencyRating(
        subject_id=worker_id,
        rater_id=rater_id,
        competency_id=competency_id,
        source=RatingSource.SUPERVISOR,
        level=1 + n % 4,
        note="",
        rated_at=T0 + timedelta(minutes=n),
    )


def _session(sup_id: int, worker_ids: list[int], n: int) -> SupervisionSession:
    return SupervisionSession(
        supervisor_id=sup_id,
        held_on=date(2026, 3, 1) + timedelta(days=n),
        minutes=60,
        format=SessionFormat.GROUP,
        setting=SessionSetting.IN_PERSON,
        status=SessionStatus.HELD,
        topics=["boundaries"],
        what_happened="",
        what_it_meant="",
        what_next="",
        updated_by_id=sup_id,
        participants=[SessionParticipant(supervisee_id=w) for w in worker_ids],
    )
