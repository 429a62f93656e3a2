"""Certification writes: a certification or renewal recorded, an exam passed, a revocation.
Each is audited; the expiry follows the credential's renewal period unless the admin says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import audit
from ..clock import utcnow
from ..extensions import db
from ..models import Certification, CredentialExam


class RecordRefused(Exception):
    """The renewal named does not belong to this worker, or is revoked."""


@dataclass(frozen=True)
class NewCertification:
    worker_id: int
    credential_slug: str
    certified_on: date
    certificate_number: str
    expires_on: date
    renews_id: int | None = None


def default_expiry(certified_on: date, renewal_years: int) -> date:
    """The same day `renewal_years` later (28 February for a 29 February certification)."""
    year = certified_on.year + renewal_years
    try:
        return certified_on.replace(year=year)
    except ValueError:
        return certified_on.replace(year=year, day=28)


def record_certification(new: NewCertification, admin_id: int) -> Certification:
    if new.renews_id is not None:
        old = db.session.get(Certification, new.renews_id)
        if old is None or old.worker_id != new.worker_id or old.revoked_at is not None:
            raise RecordRefused("That certification cannot be renewed.")
    cert = Certification(
        worker_id=new.worker_id,
        credential_slug=new.credential_slug,
        certified_on=new.certified_on,
        certificate_number=new.certificate_number,
        expires_on=new.expires_on,
        renews_id=new.renews_id,
        recorded_by_id=admin_id,
    )
    db.session.add(cert)
    db.session.flush()
    audit.log(
        "certification.record",
        "certification",
        cert.id,
        actor_id=admin_id,
        detail=f"worker={new.worker_id};{new.credential_slug};renews={new.renews_id}",
    )
    db.session.commit()
    return cert


def record_exam(worker_id: int, slug: str, passed_on: date, note: str | None, admin_id: int):
    exam = CredentialExam(
        worker_id=worker_id,
        credential_slug=slug,
        passed_on=passed_on,
        note=note or None,
        recorded_by_id=admin_id,
    )
    db.session.add(exam)
    db.session.flush()
    audit.log(
        "certification.exam.record",
        "credential_exam",
        exam.id,
        actor_id=admin_id,
        detail=f"worker={worker_id};{slug}",
    )
    db.session.commit()
    return exam


def revoke_certification(cert: Certification, note: str, admin_id: int) -> None:
    if cert.revoked_at is not None:
        return  # revoked once; the first note and time stand
    cert.revoked_at, cert.revoked_by_id, cert.revoked_note = utcnow(), admin_id, note
    audit.log(
        "certification.revoke",
        "certification",
        cert.id,
        actor_id=admin_id,
        detail=f"worker={cert.worker_id}",
    )
    db.session.commit()
