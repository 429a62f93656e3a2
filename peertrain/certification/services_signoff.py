"""A supervisor's signature over a period's hours, in one step: the rows ready to sign, the
statement with their figures, re-authentication (password, or the authenticator code when the
supervisor has two-step sign-in), and the signature with its digests (signing.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import audit
from ..auth import mfa, throttle
from ..auth.mfa_services import _use_code
from ..clock import utcnow
from ..extensions import db
from ..formatting import short_date
from ..models import (
    Signoff,
    SignoffItem,
    SignoffKind,
    SignoffMethod,
    User,
)
from ..passwords import verify_password
from . import signing
from .batches import Batch, batch

STATEMENT = (
    "I, {supervisor}, sign the hours of {worker} from {start} to {end}: {work} hours of peer "
    "work experience in {weeks} weekly entries, {supervision} hours of supervision I gave in "
    "{sessions} sessions, and {training} hours of other training in {courses} records; "
    "{total} hours in all, as listed. I supervised this work and, to the best of my knowledge, "
    "these records are true and complete."
)
KIND_LABELS = {
    SignoffKind.WORK_LOG: "Work experience",
    SignoffKind.SUPERVISION_SESSION: "Supervision",
    SignoffKind.TRAINING_RECORD: "Other training",
}


class SignRefused(Exception):
    """Nothing was signed; the message belongs next to `field`."""

    def __init__(self, message: str, field: str = "password") -> None:
        super().__init__(message)
        self.field = field


def _hours(minutes: int) -> str:
    return f"{round(minutes / 60, 1):g}"


def statement(supervisor: User, worker: User, start: date, end: date, b: Batch) -> str:
    k = SignoffKind
    return STATEMENT.format(
        supervisor=supervisor.name,
        worker=worker.name,
        start=short_date(start),
        end=short_date(end),
        work=_hours(b.minutes(k.WORK_LOG)),
        weeks=b.count(k.WORK_LOG),
        supervision=_hours(b.minutes(k.SUPERVISION_SESSION)),
        sessions=b.count(k.SUPERVISION_SESSION),
        training=_hours(b.minutes(k.TRAINING_RECORD)),
        courses=b.count(k.TRAINING_RECORD),
        total=_hours(b.total_minutes),
    )


def _reauthenticate(user: User, password: str, code: str, ip: str | None) -> SignoffMethod:
    """The password, or the current authenticator code when two-step sign-in is on; failures
    count towards the same lockout as a login's, and each is audited."""
    totp = mfa.is_enrolled(user)
    field_name = "code" if totp else "password"
    try:  # counted before the secret is checked, as a sign-in's attempt is
        throttle.begin_attempt(user.email, ip)
    except throttle.Throttled as refused:
        audit.log_now(
            "certification.signoff.reauth", "user", user.id, outcome="locked", actor_id=user.id
        )
        raise SignRefused(str(refused), field_name) from None
    good = _use_code(user, code) if totp else verify_password(user.password_hash, password)
    if not good:
        audit.log_now(
            "certification.signoff.reauth", "user", user.id, outcome="failure", actor_id=user.id
        )
        raise SignRefused(
            "That code is not right. Codes change every 30 seconds; try a new one."
            if totp
            else "That is not your password. Nothing was signed.",
            field_name,
        )
    throttle.succeeded(user.email, ip)
    return SignoffMethod.TOTP if totp else SignoffMethod.PASSWORD


def record(
    supervisor: User, worker: User, start: date, end: date, b: Batch, method: SignoffMethod
) -> Signoff:
    """Write the signature and lock its rows (the caller re-authenticated and commits)."""
    signoff = Signoff(
        supervisor_id=supervisor.id,
        worker_id=worker.id,
        period_start=start,
        period_end=end,
        signed_at=utcnow(),
        statement=statement(supervisor, worker, start, end, b),
        rows_hash=b.rows_hash,
        method=method,
        items=[SignoffItem(kind=r.kind, row_id=r.row_id, row_digest=r.digest) for r in b.rows],
    )
    db.session.add(signoff)
    db.session.flush()
    for kind in (SignoffKind.WORK_LOG, SignoffKind.TRAINING_RECORD):
        for row in signing.load(kind, [r.row_id for r in b.rows if r.kind is kind]).values():
            row.signoff_id = signoff.id
    return signoff


def sign(
    supervisor: User,
    worker: User,
    start: date,
    end: date,
    shown_hash: str,
    password: str,
    code: str,
    ip: str | None,
) -> Signoff:
    """Sign exactly the rows the page showed (their hash came back with the form)."""
    method = _reauthenticate(supervisor, password, code, ip)
    b = batch(supervisor.id, worker.id, start, end)
    if not b.rows:
        raise SignRefused("There is nothing ready to sign in this period.", "start")
    if b.rows_hash != shown_hash:
        raise SignRefused(
            "The hours changed while this page was open. Check the list again, then sign.", "start"
        )
    signoff = record(supervisor, worker, start, end, b, method)
    audit.log(
        "certification.signoff.sign",
        "signoff",
        signoff.id,
        actor_id=supervisor.id,
        detail=f"worker {worker.id}, {len(b.rows)} rows, {method.value}",
    )
    db.session.commit()
    return signoff


def signoffs(worker_id: int) -> list[Signoff]:
    return list(
        db.session.scalars(
            select(Signoff)
            .options(selectinload(Signoff.items))
            .where(Signoff.worker_id == worker_id)
            .order_by(Signoff.period_end.desc(), Signoff.id.desc())
        )
    )


def log_read(viewer_id: int, worker_id: int) -> None:
    audit.log_now("certification.signoffs.read", "user", worker_id, actor_id=viewer_id)
