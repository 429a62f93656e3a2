"""The public check of a portfolio's code (no login): the worker's name, the credential, the
portfolio's date and whether it is still valid. Nothing else, and nothing about unknown codes."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Blueprint, abort, current_app, render_template, request
from sqlalchemy import select

from ..auth import throttle
from ..clock import today
from ..extensions import db
from ..models import Certification, Portfolio, User
from . import status
from .credentials import all_credentials

bp = Blueprint("verify", __name__, url_prefix="/verify")

CODE = re.compile(r"[A-Za-z0-9_-]{16,43}")  # what secrets.token_urlsafe makes; nothing else
WINDOW = timedelta(minutes=15)  # VERIFY_MAX_PER_ADDRESS checks per address in it (config)


def _allowed() -> bool:
    limit = current_app.config["VERIFY_MAX_PER_ADDRESS"]
    ok = throttle.within_limit("verify-address", request.remote_addr or "-", limit, WINDOW)
    db.session.commit()
    return ok


def _validity(p: Portfolio) -> str:
    """valid | revoked (the code) | certification revoked | certification expired."""
    if p.revoked_at is not None:
        return "revoked"
    certs = list(
        db.session.scalars(
            select(Certification).where(
                Certification.worker_id == p.worker_id,
                Certification.credential_slug == p.credential_slug,
            )
        )
    )
    cert = status.current(certs)
    if certs and cert is None:
        return "certification revoked"
    if cert is not None and cert.expires_on < today():
        return "certification expired"
    return "valid"


@bp.get("/<code>")
def check(code: str):
    if not _allowed():
        return render_template("certification/verify.html", throttled=True), 429
    if not CODE.fullmatch(code):
        abort(404)
    row = db.session.execute(
        select(Portfolio, User.name)
        .join(User, User.id == Portfolio.worker_id)
        .where(Portfolio.code == code)
    ).first()
    if row is None:
        abort(404)
    p, name = row
    credential = all_credentials().get(p.credential_slug)
    return render_template(
        "certification/verify.html",
        name=name,
        issued=p.created_at.date(),
        credential=credential.name if credential else p.credential_slug,
        body=credential.awarding_body if credential else "",
        validity=_validity(p),
    )
