"""Demo certification evidence: the organisation works towards IC&RC Peer Recovery; Chloe is
part-way (verified and unverified courses, confirmed weeks awaiting signature), Femi pursues the
NCPS, and Dev passed the IC&RC exam. Sign-offs and certificates come from their own features."""

from __future__ import annotations

from datetime import timedelta

from ..clock import today, utcnow
from ..extensions import db
from ..models import (
    DEFAULT_CREDENTIAL_KEY,
    CredentialChoice,
    CredentialExam,
    Setting,
    TrainingKind,
    TrainingRecord,
    WorkLog,
)

# title, provider, kind, days ago it ended, hours, categories, topics, verified
COURSES = [
    ("Advocacy in mental health systems", "Regional Peer Network", TrainingKind.WORKSHOP, 150,
     8, ["LEA", "LNK"], [], True),
    ("Ethics and boundaries for peer workers", "State Peer Alliance", TrainingKind.CLASSROOM,
     90, 12, ["COM", "TEA"], ["ethics"], True),
    ("Recovery conference: peer track", "National Recovery Conference", TrainingKind.CONFERENCE,
     12, 6, ["PLN", "SUP"], [], False),
]  # fmt: skip


def seed(org) -> None:
    db.session.merge(Setting(key=DEFAULT_CREDENTIAL_KEY, value="icrc-peer-recovery"))
    chloe, femi, dev = (org.people[k] for k in ("chloe", "femi", "dev"))
    supervisor = org.people["sam"]
    for title, provider, kind, ago, hours, cats, topics, verified in COURSES:
        ended = today() - timedelta(days=ago)
        db.session.add(TrainingRecord(
            worker_id=chloe.id, title=title, provider=provider, kind=kind,
            started_on=ended - timedelta(days=1), ended_on=ended, minutes=hours * 60,
            domains=cats, topics=topics, entered_by_id=chloe.id,
            verified_by_id=supervisor.id if verified else None,
            verified_at=utcnow() - timedelta(days=ago - 2) if verified else None,
        ))  # fmt: skip
    monday = today() - timedelta(days=today().weekday())
    for week in range(1, 13):
        confirmed = week > 2  # the last two weeks wait for the supervisor
        db.session.add(WorkLog(
            worker_id=chloe.id, week_starting=monday - timedelta(weeks=week),
            minutes=(22 + week % 4 * 3) * 60, setting=chloe.team.setting,
            entered_by_id=chloe.id,
            confirmed_by_id=supervisor.id if confirmed else None,
            confirmed_at=utcnow() - timedelta(weeks=week - 1) if confirmed else None,
        ))  # fmt: skip
    db.session.add(CredentialChoice(worker_id=femi.id, credential_slug="mha-ncps",
                                    chosen_by_id=femi.id))  # fmt: skip
    db.session.add(CredentialExam(worker_id=dev.id, credential_slug="icrc-peer-recovery",
                                  passed_on=today() - timedelta(days=500),
                                  note="IC&RC Peer Recovery Examination, passed"))  # fmt: skip
    db.session.flush()
