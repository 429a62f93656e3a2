"""Figures gathered side by side come back under their names, as run one by one would."""

from __future__ import annotations

import re
import threading

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import Role, User
from peertrain.reports import parallel
from peertrain.reports.parallel import gather

from . import reports_data as rd
from .conftest import IS_POSTGRES
from .factories import PASSWORD


def test_each_call_gets_a_working_session_and_its_answer_comes_back_by_name(app, make):
    make.user(name="Ada")
    make.user(name="Bo")
    seen = []

    def names(s):
        seen.append(s)
        return sorted(s.scalars(select(User.name)))

    got = gather(
        db.session, {"count": lambda s: s.scalar(select(func.count(User.id))), "names": names}
    )
    assert got == {"count": 2, "names": ["Ada", "Bo"]}
    # On PostgreSQL each call has a session of its own; SQLite runs them on the request's.
    assert all((s is not db.session) for s in seen) == IS_POSTGRES


def test_a_failing_figure_fails_the_page_rather_than_going_missing(app):
    def broken(_s):
        raise RuntimeError("figure failed")

    with pytest.raises(RuntimeError, match="figure failed"):
        gather(db.session, {"ok": lambda s: 1, "broken": broken})


@pytest.mark.skipif(not IS_POSTGRES, reason="side by side only on PostgreSQL")
def test_fifteen_dashboards_at_once_all_succeed_and_never_take_the_request_pool(app, make, login):
    """Each dashboard would hold WORKERS more connections; 15 at once used to exhaust the
    app's pool (5 + 10 overflow) and time out. Now at most DASHBOARDS of them run side by
    side, on the report engine, and the rest run their figures one by one."""
    cat = rd.category("ENG")
    rd.competency(cat, "ENG-1")
    rd.module("mod-1")
    rd.bulk_org(3, 4, today(), prefix="busy")
    manager = make.user(Role.MANAGER, email="busy-manager@example.org")
    make.scope(manager)
    email = manager.email
    expected = _findings(_dashboard(_signed_in(app, email)))
    assert expected  # the page has findings to compare, not an empty state
    pages, start = [], threading.Barrier(15)
    # Signed in one after another: 15 sign-ins to one account from one address at once would
    # meet the sign-in throttle, which is not what this test is about.
    clients = [_signed_in(app, email) for _ in range(15)]

    def open_dashboard(client):
        start.wait()
        try:
            pages.append(_dashboard(client))
        except Exception as error:  # noqa: BLE001  (reported below, not lost in the thread)
            pages.append(repr(error))

    threads = [threading.Thread(target=open_dashboard, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [_findings(p) for p in pages] == [expected] * 15
    own = parallel.report_engine(db.engine)
    assert own.pool.size() == parallel.WORKERS * parallel.DASHBOARDS
    assert own.pool.overflow() <= 0  # never beyond its fixed size
    assert db.engine.pool.checkedout() <= 1  # the request pool is not held by figures


def _signed_in(app, email: str) -> FlaskClient:
    client = app.test_client()  # one per thread; it forgets the test's cached login each request
    client.post("/auth/login", data={"email": email, "password": PASSWORD})
    return client


def _dashboard(client: FlaskClient) -> str:
    response = client.get("/reports/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _findings(html: str) -> list[str]:
    return re.findall(r'<span class="finding-line">(.*?)</summary>', html, flags=re.S)
