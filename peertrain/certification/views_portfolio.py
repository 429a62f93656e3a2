"""Routes: the worker issues a portfolio; it is read as a print view or a PDF by the worker and
their supervisor; the worker or an admin revokes its verification code."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..authz import may_create_portfolio, may_revoke_portfolio, may_view_portfolio, refuse
from ..extensions import db
from ..models import Portfolio
from . import bp
from .credentials import credential_for
from .pages_hours import worker_or_404
from .pdf import render_pdf
from .portfolio_view import day, moment
from .services_portfolio import create_portfolio, log_portfolio_read, revoke_portfolio


def _verify_url(code: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"] + url_for("verify.check", code=code)


def _readable(portfolio_id: int, as_pdf: bool) -> Portfolio:
    portfolio = db.session.get(Portfolio, portfolio_id) or abort(404)
    if not may_view_portfolio(current_user, portfolio):
        refuse("certification.portfolio.read", "user", portfolio.worker_id)
    if current_user.id != portfolio.worker_id:
        log_portfolio_read(current_user.id, portfolio, as_pdf)
    return portfolio


@bp.post("/people/<int:worker_id>/portfolios")
@login_required
def portfolio_create(worker_id: int):
    worker = worker_or_404(worker_id)
    if not may_create_portfolio(current_user, worker):
        refuse("certification.portfolio.create", "user", worker.id)
    credential, _ = credential_for(worker.id)
    if credential is None:
        abort(404)
    portfolio = create_portfolio(worker, credential, current_user.id)
    flash("Your portfolio is ready. Print it, or download the PDF.", "success")
    return redirect(url_for("certification.portfolio", portfolio_id=portfolio.id))


@bp.get("/portfolios/<int:portfolio_id>")
@login_required
def portfolio(portfolio_id: int):
    p = _readable(portfolio_id, as_pdf=False)
    return render_template(
        "certification/portfolio.html",
        p=p,
        s=p.snapshot,
        day=day,
        moment=moment,
        verify_url=_verify_url(p.code),
        own=p.worker_id == current_user.id,
    )


@bp.get("/portfolios/<int:portfolio_id>.pdf")
@login_required
def portfolio_pdf(portfolio_id: int):
    p = _readable(portfolio_id, as_pdf=True)
    return Response(
        render_pdf(p.snapshot, _verify_url(p.code)),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="portfolio-{p.created_at:%Y%m%d}.pdf"'
        },
    )


@bp.post("/portfolios/<int:portfolio_id>/revoke")
@login_required
def portfolio_revoke(portfolio_id: int):
    p = db.session.get(Portfolio, portfolio_id) or abort(404)
    if not may_revoke_portfolio(current_user, p):
        refuse("certification.portfolio.revoke", "user", p.worker_id)
    revoke_portfolio(p, current_user.id)
    flash(
        "The verification code is revoked: it now shows as revoked to anyone who checks it.",
        "success",
    )
    if current_user.id == p.worker_id:
        return redirect(url_for("certification.renewal", worker_id=p.worker_id))
    return redirect(url_for("certification.records", worker_id=p.worker_id))
