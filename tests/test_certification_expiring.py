"""Managers' report of certifications expiring in the next 90 days, by team: a hand-made
fixture (10, 89 and 91 days, one expired, one revoked, one renewed), scoped to the manager's
teams, CSV neutralising formula-leading names, and no private text."""

from __future__ import annotations

from datetime import timedelta

import pytest

from peertrain.clock import today, utcnow
from peertrain.extensions import db
from peertrain.models import Certification, Role

from .reports_html import html_tables

CRED = "icrc-peer-recovery"


def _cert(worker, expires_in: int, number: str, **kw) -> Certification:
    cert = Certification(
        worker_id=worker.id,
        credential_slug=CRED,
        certificate_number=number,
        certified_on=today() - timedelta(days=600),
        expires_on=today() + timedelta(days=expires_in),
        **kw,
    )
    db.session.add(cert)
    db.session.flush()
    return cert


@pytest.fixture
def org(make):
    north, south = make.team("North"), make.team("South")
    people = {
        n: make.user(Role.TRAINEE, team=north, name=n)
        for n in (
            "Ten Days",
            "=HYPERLINK(1)",
            "Ninety-one",
            "Long expired",
            "Revoked One",
            "Renewed One",
        )
    }
    southern = make.user(Role.TRAINEE, team=south, name="Southern Soon")
    left = make.user(Role.TRAINEE, team=north, name="Has Left", active=False)
    _cert(left, 12, "N-LEFT")
    _cert(people["Ten Days"], 10, "N-SECRET-10")
    _cert(people["=HYPERLINK(1)"], 89, "N-89")
    _cert(people["Ninety-one"], 91, "N-91")
    _cert(people["Long expired"], -3, "N-EXP")
    _cert(people["Revoked One"], 20, "N-REV", revoked_at=utcnow(), revoked_note="REVOKE-NOTE-88")
    old = _cert(people["Renewed One"], 30, "N-OLD")
    _cert(people["Renewed One"], 700, "N-NEW", renews_id=old.id)
    _cert(southern, 15, "S-15")
    db.session.commit()
    north_manager, south_manager = make.user(Role.MANAGER), make.user(Role.MANAGER)
    make.scope(north_manager, north)
    make.scope(south_manager, south)
    return north_manager, south_manager, north


def test_lists_only_certifications_expiring_within_90_days_in_the_managers_teams(
    org, client, login
):
    north_manager, _, _ = org
    login(north_manager)
    page = client.get("/reports/expiring").get_data(as_text=True)
    table = html_tables(page)["table-expiring"]
    assert table[0] == ["Team", "Worker", "Credential", "Certified", "Expires", "Days left"]
    assert [(r[0], r[1], r[5]) for r in table[1:]] == [
        ("North", "Ten Days", "10"),
        ("North", "=HYPERLINK(1)", "89"),
    ]
    assert "Peer Recovery (PR)" in table[1][2]
    assert "<svg" in page and "Certifications expiring in the next 90 days, by team" in page
    for absent in (
        "Ninety-one",
        "Long expired",
        "Revoked One",
        "Renewed One",
        "Southern Soon",
        "Has Left",
        "N-SECRET-10",
        "REVOKE-NOTE-88",
    ):
        assert absent not in page, absent


def test_another_teams_manager_sees_only_their_own_and_is_refused_the_other_team(
    org, client, login
):
    _, south_manager, north = org
    login(south_manager)
    table = html_tables(client.get("/reports/expiring").get_data(as_text=True))["table-expiring"]
    assert [r[1] for r in table[1:]] == ["Southern Soon"]
    assert client.get(f"/reports/expiring?team={north.id}").status_code == 403
    assert client.get(f"/reports/expiring.csv?team={north.id}").status_code == 403


def test_the_csv_neutralises_formula_names_and_holds_no_certificate_number(org, client, login):
    north_manager, _, _ = org
    login(north_manager)
    r = client.get("/reports/expiring.csv")
    text = r.get_data(as_text=True)
    assert r.mimetype == "text/csv"
    lines = text.splitlines()
    assert lines[0] == "Team,Worker,Credential,Certified,Expires,Days left"
    assert any(line.startswith("North,'=HYPERLINK(1),") for line in lines)
    assert "N-SECRET-10" not in text and "N-89" not in text and len(lines) == 3
