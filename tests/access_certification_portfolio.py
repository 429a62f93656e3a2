"""Access-table rows for certificates, renewal, portfolios, /verify and the expiring report
(issue 15). Another team's supervisor and a former supervisor are tested in
tests/test_certification_records.py and tests/test_certification_portfolio.py."""

from __future__ import annotations

from datetime import timedelta

from .access import LOGIN, everyone, only

C = "/certification"
PERSON = C + "/people/<int:worker_id>"
PORTFOLIO = C + "/portfolios/<int:portfolio_id>"

ROWS: dict = {
    # Admins record certifications from the board's letter (dates and numbers, no hours).
    ("GET", PERSON + "/certifications"): only("admin"),
    ("POST", PERSON + "/certifications"): only("admin", status=400),  # posted empty
    ("POST", PERSON + "/exams"): only("admin", status=400),
    ("POST", C + "/certifications/<int:cert_id>/revoke"): only("admin", status=400),  # no note
    # Renewal progress: the worker and their current supervisor, as readiness.
    ("GET", PERSON + "/certificate"): only("trainee", "supervisor"),
    # Only the worker issues their portfolio; they and their supervisor read it.
    ("POST", PERSON + "/portfolios"): only("trainee", status=302),
    ("GET", PORTFOLIO): only("trainee", "supervisor"),
    ("GET", PORTFOLIO + ".pdf"): only("trainee", "supervisor"),
    # The worker or an admin withdraws the code.
    ("POST", PORTFOLIO + "/revoke"): {
        "anon": LOGIN,
        "trainee": 302,
        "supervisor": 403,
        "manager": 403,
        "admin": 302,
    },
    # Public: anyone, signed in or not, checks a code.
    ("GET", "/verify/<code>"): everyone(200),
    ("GET", "/reports/expiring"): only("manager"),
    ("GET", "/reports/expiring.csv"): only("manager"),
}


def setup(world: dict, make) -> dict:
    from peertrain.certification.credentials import all_credentials
    from peertrain.certification.portfolio_data import build_snapshot
    from peertrain.certification.services_portfolio import new_code
    from peertrain.clock import today
    from peertrain.extensions import db
    from peertrain.models import Certification, Portfolio

    worker = world["people"]["trainee"]
    cert = Certification(
        worker_id=worker.id,
        credential_slug="icrc-peer-recovery",
        certificate_number="PR-1",
        certified_on=today() - timedelta(days=9),
        expires_on=today() + timedelta(days=60),
    )
    code = new_code()
    snapshot = build_snapshot(worker, all_credentials()["icrc-peer-recovery"], code, today())
    portfolio = Portfolio(
        worker_id=worker.id, credential_slug="icrc-peer-recovery", code=code, snapshot=snapshot
    )
    db.session.add_all([cert, portfolio])
    db.session.commit()
    return {"cert_id": cert.id, "portfolio_id": portfolio.id, "code": portfolio.code}
