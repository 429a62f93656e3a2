"""Certification tables (issue 15) build, hold a worker's evidence and refuse impossible rows."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from peertrain.extensions import db
from peertrain.models import (
    Certification,
    CredentialChoice,
    CredentialExam,
    Portfolio,
    ServiceSetting,
    Signoff,
    SignoffItem,
    SignoffKind,
    SignoffMethod,
    TrainingRecord,
    WorkLog,
)


def _training(worker, **kw) -> TrainingRecord:
    values = {
        "worker_id": worker.id,
        "title": "Ethics in peer work",
        "provider": "Regional Peer Network",
        "started_on": date(2026, 3, 2),
        "ended_on": date(2026, 3, 3),
        "minutes": 12 * 60,
        "domains": ["ethics"],
        "topics": ["ethics"],
        "entered_by_id": worker.id,
    }
    return TrainingRecord(**(values | kw))


def test_a_worker_s_evidence_signed_and_corrected_stays_in_the_history(make):
    worker, boss = make.user(), make.user("supervisor")
    week = WorkLog(
        worker_id=worker.id, week_starting=date(2026, 3, 2), minutes=20 * 60,
        setting=ServiceSetting.COMMUNITY, confirmed_by_id=boss.id,
    )  # fmt: skip
    course = _training(worker, verified_by_id=boss.id)
    db.session.add_all([week, course, CredentialChoice(worker_id=worker.id, credential_slug="x")])
    db.session.flush()
    signoff = Signoff(
        supervisor_id=boss.id, worker_id=worker.id, period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31), statement="I confirm.", rows_hash="a" * 64,
        method=SignoffMethod.PASSWORD,
        items=[SignoffItem(kind=SignoffKind.WORK_LOG, row_id=week.id, row_digest="b" * 64)],
    )  # fmt: skip
    db.session.add(signoff)
    db.session.flush()
    week.signoff_id = signoff.id
    fixed = WorkLog(
        worker_id=worker.id, week_starting=week.week_starting, minutes=18 * 60,
        setting=ServiceSetting.COMMUNITY, corrects_id=week.id,
    )  # fmt: skip
    db.session.add(fixed)
    db.session.commit()

    assert db.session.get(Signoff, signoff.id).items[0].kind is SignoffKind.WORK_LOG
    assert db.session.get(WorkLog, fixed.id).corrects_id == week.id
    assert db.session.get(TrainingRecord, course.id).domains == ["ethics"]
    assert db.session.get(CredentialChoice, worker.id).credential_slug == "x"


def test_awards_exams_and_portfolios_are_recorded(make):
    worker, admin = make.user(), make.user("admin")
    db.session.add_all([
        CredentialExam(worker_id=worker.id, credential_slug="x", passed_on=date(2026, 5, 1),
                       recorded_by_id=admin.id),
        Certification(worker_id=worker.id, credential_slug="x", certified_on=date(2026, 6, 1),
                      certificate_number="PR-123", expires_on=date(2028, 6, 1),
                      recorded_by_id=admin.id),
        Portfolio(worker_id=worker.id, credential_slug="x", code="c" * 22,
                  snapshot={"hours": 1}, created_by_id=worker.id),
    ])  # fmt: skip
    db.session.commit()
    assert db.session.query(Certification).one().certificate_number == "PR-123"
    assert db.session.query(Portfolio).one().snapshot == {"hours": 1}


@pytest.mark.parametrize(
    "row",
    [
        lambda w: WorkLog(worker_id=w.id, week_starting=date(2026, 3, 2), minutes=169 * 60,
                          setting=ServiceSetting.COMMUNITY),
        lambda w: WorkLog(worker_id=w.id, week_starting=date(2026, 3, 2), minutes=-1,
                          setting=ServiceSetting.COMMUNITY),
        lambda w: _training(w, minutes=-5),
        lambda w: _training(w, started_on=date(2026, 3, 4)),
        lambda w: Certification(worker_id=w.id, credential_slug="x",
                                certified_on=date(2026, 6, 1), certificate_number="1",
                                expires_on=date(2026, 6, 1)),
    ],
    ids=["week-over-168-hours", "negative-week", "negative-training", "ends-before-start",
         "expires-on-award-day"],
)  # fmt: skip
def test_the_database_refuses_impossible_rows(make, row):
    worker = make.user()
    db.session.add(row(worker))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_portfolio_codes_are_unique(make):
    worker = make.user()
    for _ in range(2):
        db.session.add(Portfolio(worker_id=worker.id, credential_slug="x", code="same"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
