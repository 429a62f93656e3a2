"""Read-only: a worker's certifications, which one is current, and its renewal (CE) progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import Certification, CredentialExam, Portfolio
from . import queries
from .credentials import all_credentials
from .requirements import CeProgress, ce_progress

SOON_DAYS = 90  # "expiring soon", as in the managers' report


def certifications_of(worker_id: int) -> list[Certification]:
    return list(
        db.session.scalars(
            select(Certification)
            .where(Certification.worker_id == worker_id)
            .order_by(Certification.certified_on.desc(), Certification.id.desc())
        )
    )


def exams_of(worker_id: int) -> list[CredentialExam]:
    return list(
        db.session.scalars(
            select(CredentialExam)
            .where(CredentialExam.worker_id == worker_id)
            .order_by(CredentialExam.passed_on.desc())
        )
    )


def portfolios_of(worker_id: int) -> list[Portfolio]:
    return list(
        db.session.scalars(
            select(Portfolio)
            .where(Portfolio.worker_id == worker_id)
            .order_by(Portfolio.created_at.desc(), Portfolio.id.desc())
        )
    )


def renewed_ids(certs: list[Certification]) -> set[int]:
    """Certifications replaced by a renewal that still stands."""
    return {c.renews_id for c in certs if c.renews_id and c.revoked_at is None}


def current(certs: list[Certification]) -> Certification | None:
    """The certification in force or most recently in force: not revoked, not renewed since."""
    replaced = renewed_ids(certs)
    standing = [c for c in certs if c.revoked_at is None and c.id not in replaced]
    return max(standing, key=lambda c: (c.certified_on, c.id), default=None)


def state(cert: Certification, on: date, replaced: set[int] = frozenset()) -> str:
    """revoked | renewed | expired | expiring (within SOON_DAYS) | valid."""
    if cert.revoked_at is not None:
        return "revoked"
    if cert.id in replaced:
        return "renewed"
    if cert.expires_on < on:
        return "expired"
    return "expiring" if (cert.expires_on - on).days <= SOON_DAYS else "valid"


@dataclass(frozen=True)
class Renewal:
    certification: Certification
    credential: object  # catalog Credential, or None when its profile was removed
    ce: CeProgress | None
    state: str
    days_left: int

    @property
    def percent(self) -> int:
        if not self.ce or not self.ce.target:
            return 100
        return min(100, int(self.ce.done * 100 // self.ce.target))


def renewal_for(worker_id: int, on: date) -> Renewal | None:
    """The current certification's renewal period (certified_on to expires_on) and the CE
    hours in it, counted by requirements.ce_progress (the one rule)."""
    cert = current(certifications_of(worker_id))
    if cert is None:
        return None
    credential = all_credentials().get(cert.credential_slug)
    ce = (
        ce_progress(credential, queries.courses(worker_id), cert.certified_on, cert.expires_on)
        if credential
        else None
    )
    return Renewal(cert, credential, ce, state(cert, on), (cert.expires_on - on).days)
