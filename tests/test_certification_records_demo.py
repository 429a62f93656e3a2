"""The demo's certificates: Grace renewing with CE hours part-way, Dev's certification expiring
within 90 days (so the managers' report has a row), Olu renewed, Grace's portfolio verifiable."""

from __future__ import annotations

from sqlalchemy import select

from peertrain.demo import seed_demo
from peertrain.demo.people import DEMO_PASSWORD
from peertrain.extensions import db
from peertrain.models import Certification, Portfolio, User

from .reports_html import html_tables


def _user(key: str) -> User:
    return db.session.scalars(select(User).filter_by(email=f"{key}@demo.peertrain.org")).one()


def test_demo_has_a_renewing_worker_an_expiring_certification_and_a_portfolio(app, client, login):
    seed_demo()
    grace, morgan = _user("grace"), _user("morgan")
    login(grace, DEMO_PASSWORD)
    page = client.get(f"/certification/people/{grace.id}/certificate").get_data(as_text=True)
    assert "PR-2025-01187" in page and "330 days left" in page
    assert "of 20 CE hours" in page and '<span class="badge bad">Not yet</span>' in page
    client.post("/auth/logout")
    login(morgan, DEMO_PASSWORD)
    table = html_tables(client.get("/reports/expiring").get_data(as_text=True))["table-expiring"]
    assert [r[1] for r in table[1:]] == ["Dev Patel"] and table[1][5] == "40"
    client.post("/auth/logout")
    olu = _user("olu")
    certs = db.session.scalars(select(Certification).filter_by(worker_id=olu.id)).all()
    assert sorted(c.renews_id is not None for c in certs) == [False, True]
    code = db.session.scalar(select(Portfolio.code).filter_by(worker_id=grace.id))
    verify = client.get(f"/verify/{code}").get_data(as_text=True)
    assert "Grace Lin" in verify and "Valid" in verify
