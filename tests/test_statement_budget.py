"""Every GET page, as each role that may see it, issues at most BUDGET SQL statements."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, event

from . import test_access
from .test_access import ACCESS, _fill

world = test_access.world  # the access test's fixture: one person per role, and their records

BUDGET = 12
PASSWORD = "correct horse battery staple"


def _pages_for(visitor: str) -> list[str]:
    return sorted(rule for (method, rule), want in ACCESS.items() if method == "GET"
                  and want[visitor] == 200 and not rule.startswith("/static"))  # fmt: skip


def measure(app, world, visitor: str) -> dict[str, int]:
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    client = app.test_client()
    user = world["people"][visitor]
    client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    counts = {}
    event.listen(Engine, "before_cursor_execute", count)
    try:
        for rule in _pages_for(visitor):
            url = _fill(rule, world["params"])
            client.get(url).close()  # warm: caches filled the same way for every page
            seen.clear()
            response = client.get(url)
            assert response.status_code == 200, url
            response.close()
            counts[url] = len(seen)
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    return counts


@pytest.mark.parametrize("visitor", ["trainee", "supervisor", "manager", "admin"])
def test_every_page_stays_within_the_statement_budget(app, world, visitor):
    counts = measure(app, world, visitor)
    over = {url: n for url, n in counts.items() if n > BUDGET}
    assert counts and not over, "\n".join(f"{n:3} {url}" for url, n in sorted(over.items()))
