"""Demo certificates (issue 15): Grace certified and renewing (continuing education part-way,
ethics short), Dev's certification expiring within 90 days (so the managers' report has a row),
Olu renewed once (the old row points forward), and a portfolio of Grace's to check at /verify."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from ..certification.credentials import all_credentials
from ..certification.portfolio_data import build_snapshot
from ..certification.services_portfolio import new_code
from ..clock import today, utcnow
from ..extensions import db
from ..models import Certification, Portfolio, TrainingKind, TrainingRecord
from .people import DemoOrg

CREDENTIAL = "icrc-peer-recovery"

# Grace's continuing education since her certification: (title, days ago, hours, topics)
CE = [
    ("Trauma-informed peer practice refresher", 200, 6, ()),
    ("Ethics in peer work: dual relationships", 120, 3, ("ethics",)),
]


def _cert(worker, certified_days_ago: int, expires_in: int, number: str, renews=None):
    cert = Certification(
        worker_id=worker.id,
        credential_slug=CREDENTIAL,
        certified_on=today() - timedelta(days=certified_days_ago),
        certificate_number=number,
        expires_on=today() + timedelta(days=expires_in),
        renews_id=renews.id if renews else None,
    )
    db.session.add(cert)
    db.session.flush()
    return cert


def seed(org: DemoOrg) -> None:
    if CREDENTIAL not in all_credentials():
        return  # the profile was removed from content/credentials: nothing to certify against
    p = org.people
    grace, dev, olu = p["grace"], p["dev"], p["olu"]
    _cert(grace, 400, 330, "PR-2025-01187")
    _cert(dev, 690, 40, "PR-2024-00912")
    first = _cert(olu, 800, -70, "PR-2024-00451")
    _cert(olu, 75, 655, "PR-2026-00451", renews=first)
    # Hours from the hours feature's demo count too; these are added only when it left none.
    has_any = db.session.scalar(
        select(func.count()).select_from(TrainingRecord).where(TrainingRecord.worker_id == grace.id)
    )
    if not has_any:
        for title, ago, hours, topics in CE:
            ended = today() - timedelta(days=ago)
            db.session.add(
                TrainingRecord(
                    worker_id=grace.id, title=title, provider="State Peer Alliance",
                    kind=TrainingKind.WORKSHOP, started_on=ended, ended_on=ended,
                    minutes=hours * 60, domains=["COM", "TEA"] if topics else ["LIV"],
                    topics=list(topics), entered_by_id=grace.id,
                    verified_by_id=p["priya"].id, verified_at=utcnow() - timedelta(days=ago - 3),
                )
            )  # fmt: skip
    db.session.flush()
    code = new_code()
    credential = all_credentials()[CREDENTIAL]
    db.session.add(
        Portfolio(
            worker_id=grace.id, credential_slug=CREDENTIAL, code=code, created_by_id=grace.id,
            snapshot=build_snapshot(grace, credential, code, today()),
        )
    )  # fmt: skip
    db.session.flush()
