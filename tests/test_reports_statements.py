"""The number of SQL statements a report page issues does not grow with the organisation."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, event, select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import Role, Team
from peertrain.reports.catalogue import REPORTS
from peertrain.reports.evidence_lists import EVIDENCE

from . import reports_data as rd

URLS = (
    ["/reports/", "/reports/?all=1", "/reports/findings.csv"]
    + [f"/reports/{name}" for name in REPORTS]
    + [f"/reports/{name}.csv" for name in REPORTS]
    + ["/reports/coverage.csv?table=trend", "/reports/flags.csv?table=rates"]
    + [f"/reports/evidence/{kind}" for kind in EVIDENCE]
    + [f"/reports/evidence/{kind}.csv" for kind in EVIDENCE]
)


@pytest.fixture
def counter(app):
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    # Every engine: the dashboard's side-by-side figures run on a report engine of their own.
    event.listen(Engine, "before_cursor_execute", count)
    yield seen
    event.remove(Engine, "before_cursor_execute", count)


def _counts(client, counter, urls) -> dict[str, int]:
    out = {}
    for url in urls:
        assert client.get(url).status_code == 200, url  # warm: the same state for both sizes
        counter.clear()
        response = client.get(url)
        assert response.status_code == 200, url
        out[url] = len(counter)
    return out


def test_statement_count_is_the_same_for_a_20x_larger_organisation(
    app, make, client, login, counter
):
    cat = rd.category("ENG")
    for i in range(3):
        rd.competency(cat, f"ENG-{i}")
    for i in range(3):
        rd.module(f"mod-{i}")
    small = rd.bulk_org(2, 5, today(), prefix="small")
    manager = make.user(Role.MANAGER)
    make.scope(manager)
    login(manager)
    before = _counts(client, counter, URLS)
    large = rd.bulk_org(38, 5, today(), prefix="large")  # 40 teams, 200 workers in all
    assert (small["workers"] + large["workers"]) == 20 * small["workers"]
    after = _counts(client, counter, URLS)
    assert after == before
    # And the pages are not trivially empty: the large organisation shows up in them.
    assert "large team" in client.get("/reports/coverage").get_data(as_text=True)


def test_statement_count_for_a_manager_of_many_teams(app, make, client, login, counter):
    """Scope grows from 1 team to 20 (and the data with it): still the same count."""
    cat = rd.category("ENG")
    rd.competency(cat, "ENG-1")
    rd.module("mod-1")
    rd.bulk_org(1, 5, today(), prefix="mine")
    manager = make.user(Role.MANAGER)
    for team in db.session.scalars(select(Team).where(Team.name.like("mine%"))):
        make.scope(manager, team)
    login(manager)
    urls = [u for u in URLS if "all=1" not in u]
    before = _counts(client, counter, urls)
    rd.bulk_org(19, 5, today(), prefix="more")
    rd.bulk_org(5, 5, today(), prefix="others")  # not theirs
    for team in db.session.scalars(select(Team).where(Team.name.like("more%"))):
        make.scope(manager, team)
    assert _counts(client, counter, urls) == before
    html = client.get("/reports/coverage").get_data(as_text=True)
    assert "more team" in html and "others team" not in html
