"""Portfolio writes: issuing one (an unguessable code and the snapshot it showed) and revoking
its code. Both audited."""

from __future__ import annotations

import secrets

from .. import audit
from ..clock import today, utcnow
from ..extensions import db
from ..models import Portfolio, User
from .portfolio_data import build_snapshot


def new_code() -> str:
    """128 random bits, URL-safe (22 characters): not guessable, not derived from anything."""
    return secrets.token_urlsafe(16)


def create_portfolio(worker: User, credential, actor_id: int) -> Portfolio:
    code = new_code()
    snapshot = build_snapshot(worker, credential, code, today())
    portfolio = Portfolio(
        worker_id=worker.id,
        credential_slug=credential.id,
        code=code,
        snapshot=snapshot,
        created_by_id=actor_id,
    )
    db.session.add(portfolio)
    db.session.flush()
    audit.log(
        "certification.portfolio.create",
        "portfolio",
        portfolio.id,
        actor_id=actor_id,
        detail=f"worker={worker.id};{credential.id}",
    )
    db.session.commit()
    return portfolio


def revoke_portfolio(portfolio: Portfolio, actor_id: int) -> None:
    if portfolio.revoked_at is None:
        portfolio.revoked_at, portfolio.revoked_by_id = utcnow(), actor_id
        audit.log(
            "certification.portfolio.revoke",
            "portfolio",
            portfolio.id,
            actor_id=actor_id,
            detail=f"worker={portfolio.worker_id}",
        )
    db.session.commit()


def log_portfolio_read(viewer_id: int, portfolio: Portfolio, as_pdf: bool) -> None:
    audit.log_now(
        "certification.portfolio.read",
        "portfolio",
        portfolio.id,
        actor_id=viewer_id,
        detail="pdf" if as_pdf else "html",
    )
