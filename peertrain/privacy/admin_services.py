"""The admin's privacy writes: erasure on request and the legal hold, each audited and committed."""

from __future__ import annotations

from dataclasses import dataclass

from .. import audit
from ..extensions import db
from ..models import User
from . import erasure


class ErasureRefused(Exception):
    """Why an erasure did not happen, in words for the admin."""


@dataclass(frozen=True)
class ErasureRequest:
    user_id: int
    typed_email: str
    actor_id: int


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{what}: {n}" for what, n in counts.items() if n)[:300]


def erase(req: ErasureRequest) -> dict[str, int]:
    """Anonymise the person once the admin has typed their email exactly."""
    user = db.session.get(User, req.user_id)
    if user is None:
        raise ErasureRefused("No such person.")
    if user.id == req.actor_id:
        raise ErasureRefused("Another administrator must erase your own account.")
    if req.typed_email.strip().lower() != user.email.lower():
        raise ErasureRefused("Type the person's email exactly as shown to confirm.")
    blocked = erasure.preview(db.session, user).blocked
    if blocked:
        audit.log_now("erasure", "user", user.id, outcome="denied", actor_id=req.actor_id)
        raise ErasureRefused(blocked)
    counts = erasure.anonymise(db.session, user)
    audit.log("erasure", "user", user.id, actor_id=req.actor_id, detail=_summary(counts))
    db.session.commit()
    return counts


def set_legal_hold(user_id: int, hold: bool, actor_id: int) -> None:
    user = db.session.get(User, user_id)
    if user is None or user.legal_hold == hold:
        return
    user.legal_hold = hold
    audit.log("legal_hold_set" if hold else "legal_hold_lifted", "user", user_id, actor_id=actor_id)
    db.session.commit()


def set_left_on(user_id: int, left_on, actor_id: int) -> None:
    user = db.session.get(User, user_id)
    if user is None:
        return
    user.left_on = left_on
    audit.log("leaving_date_set", "user", user_id, actor_id=actor_id, detail=str(left_on))
    db.session.commit()
