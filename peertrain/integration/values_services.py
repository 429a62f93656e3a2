"""Writes for peer-values ratings. A supervisee's rating row carries no rater: it is found
again only by `rater_key`, an HMAC under the app's secret key that the rater's own request
can compute (see the README, "Supervision against peer values")."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from sqlalchemy import select

from .. import audit
from ..clock import utcnow
from ..extensions import db
from ..models import SuperviseeValuesRating, SupervisorValuesRating, User, ValuesRated

SESSION = "supervision_session"


def rater_key(session_id: int, user_id: int) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(
        secret, f"values-rater:{session_id}:{user_id}".encode(), hashlib.sha256
    ).hexdigest()


def own_rating(session_id: int, user_id: int) -> SuperviseeValuesRating | None:
    """The caller's own rating of a session (the only way to reach a supervisee's row)."""
    key = rater_key(session_id, user_id)
    return db.session.scalar(
        select(SuperviseeValuesRating).where(SuperviseeValuesRating.rater_key == key)
    )


def save_supervisee_rating(
    rater: User, session_id: int, scores: dict[str, int], comment: str | None, share: bool
) -> None:
    row = own_rating(session_id, rater.id)
    # Present without a row only when the secret key changed since they first rated (README).
    marked = db.session.get(ValuesRated, (session_id, rater.id)) is not None
    if row is None:
        row = SuperviseeValuesRating(
            session_id=session_id, rater_key=rater_key(session_id, rater.id), team_id=rater.team_id
        )
        db.session.add(row)
    if not marked:
        db.session.add(ValuesRated(session_id=session_id, rater_id=rater.id, team_id=rater.team_id))
    for name, value in scores.items():
        setattr(row, name, value)
    row.comment = (comment or "").strip() or None
    row.share_comment = bool(share and row.comment)
    audit.log("values_rating_save", SESSION, session_id)
    db.session.commit()


def save_supervisor_rating(
    supervisor: User, session_id: int, scores: dict[str, int], comment: str | None
) -> None:
    row = db.session.get(SupervisorValuesRating, session_id)
    if row is None:
        row = SupervisorValuesRating(session_id=session_id, supervisor_id=supervisor.id)
        db.session.add(row)
    for name, value in scores.items():
        setattr(row, name, value)
    row.comment = (comment or "").strip() or None
    row.updated_at = utcnow()
    audit.log("values_self_rating_save", SESSION, session_id)
    db.session.commit()
