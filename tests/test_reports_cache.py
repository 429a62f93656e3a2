"""The findings cache: says when its figures were computed, is never older than the setting,
and never serves one manager's scope to another."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from peertrain import clock
from peertrain.extensions import db
from peertrain.models import ReportCache, Role, Setting

from .reports_data import END, START, d, small_org
from .reports_html import csv_rows

PERIOD = {"start": START.isoformat(), "end": END.isoformat()}
NEW_GAP = "1 of 3 workers had no supervisor assigned"  # Harbour, once Kit joins it


@pytest.fixture
def config_overrides() -> dict:
    return {"REPORT_CACHE_MINUTES": 10}


@pytest.fixture
def org(app, make):
    org = small_org(make)
    org.morgan = make.user(Role.MANAGER, name="Morgan Orgwide")
    make.scope(org.morgan)
    org.rita = make.user(Role.MANAGER, name="Rita Willow")
    make.scope(org.rita, org.willow)
    return org


@pytest.fixture
def now(monkeypatch):
    """The cache's clock, moved by hand: [value]."""
    at = [datetime(2026, 12, 2, 9, 0)]
    monkeypatch.setattr(clock, "utcnow", lambda: at[0])
    return at


def dashboard(client) -> str:
    response = client.get("/reports/", query_string=PERIOD)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _records(response) -> list[dict]:
    head, *rows = csv_rows(response.get_data(as_text=True))
    return [dict(zip(head, r, strict=True)) for r in rows]


def teams_named(html: str) -> set[str]:
    return set(re.findall(r'<span class="finding-team">([^<]+)</span>', html))


def test_a_new_record_shows_within_the_setting_and_the_page_says_as_of_when(
    org, client, login, make, now
):
    login(org.morgan)
    first = dashboard(client)
    assert "Figures as of 2 Dec 2026, 09:00 UTC" in first
    assert "more than 10 minutes old" in first
    assert NEW_GAP not in first
    # A worker joins Harbour with no supervisor: a new high finding, once recomputed.
    make.user(Role.TRAINEE, team=org.harbour, name="Kit", is_peer=True, start_date=d(400))
    now[0] += timedelta(minutes=9, seconds=59)
    still = dashboard(client)
    assert NEW_GAP not in still and "as of 2 Dec 2026, 09:00 UTC" in still
    now[0] = datetime(2026, 12, 2, 9, 10, 1)  # just over ten minutes after it was computed
    later = dashboard(client)
    assert NEW_GAP in later and "as of 2 Dec 2026, 09:10 UTC" in later
    # The CSV export reads the same entry and says when it was computed.
    response = client.get("/reports/findings.csv", query_string=PERIOD)
    assert any(NEW_GAP in r["The numbers"] for r in _records(response))
    assert response.headers["Last-Modified"] == "Wed, 02 Dec 2026 09:10:01 GMT"


def test_a_manager_never_sees_another_scopes_figures(org, client, login, make, now):
    login(org.morgan)
    assert teams_named(dashboard(client)) >= {"Riverside", "Willow Ward", "Harbour"}
    client.post("/auth/logout")
    login(org.rita)
    mine = dashboard(client)
    assert teams_named(mine) == {"Willow Ward"}
    assert "Riverside" not in mine and "Harbour" not in mine
    rows = _records(client.get("/reports/findings.csv", query_string=PERIOD))
    assert rows and {r["Team"] for r in rows} == {"Willow Ward"}
    assert db.session.scalar(select(func.count()).select_from(ReportCache)) == 2
    # The scope is part of the key: a team added to it shows at once, not ten minutes later.
    make.scope(org.rita, org.harbour)
    assert teams_named(dashboard(client)) == {"Willow Ward", "Harbour"}


def test_a_target_change_is_a_different_question(org, client, login, now):
    login(org.morgan)
    assert "Supervision often cancelled" in dashboard(client)
    db.session.add(Setting(key="cancellation_rate_max", value="100"))
    db.session.commit()
    assert "Supervision often cancelled" not in dashboard(client)


def test_zero_minutes_computes_every_view(org, client, login, make, now, app):
    app.config["REPORT_CACHE_MINUTES"] = 0
    login(org.morgan)
    assert NEW_GAP not in dashboard(client)
    make.user(Role.TRAINEE, team=org.harbour, name="Kit", is_peer=True, start_date=d(400))
    assert NEW_GAP in dashboard(client)
    assert db.session.scalar(select(func.count()).select_from(ReportCache)) == 0
