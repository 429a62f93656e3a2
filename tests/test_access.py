"""Walk every registered URL rule as each kind of visitor and compare with the access table."""

from __future__ import annotations

import re

import pytest

from peertrain.models import Role

from . import (
    access_accounts,
    access_approvals,
    access_certification,
    access_certification_hours,
    access_certification_portfolio,
    access_competency,
    access_findings,
    access_integration,
    access_integration_drift,
    access_mail,
    access_mfa,
    access_notify,
    access_privacy_admin,
    access_privacy_me,
    access_reports,
    access_supervision,
    access_training,
)
from .access import ACCESS, LOGIN, PARAMS, VISITORS

FEATURES = [
    access_accounts,
    access_mail,
    access_mfa,
    access_training,
    access_competency,
    access_supervision,
    access_reports,
    access_findings,
    access_notify,
    access_privacy_me,
    access_integration,
    access_integration_drift,
    access_privacy_admin,
    access_certification,
    access_approvals,
    access_certification_portfolio,
    access_certification_hours,
]
for _feature in FEATURES:
    ACCESS.update(_feature.ROWS)

ROLE_OF = {
    "trainee": Role.TRAINEE,
    "supervisor": Role.SUPERVISOR,
    "manager": Role.MANAGER,
    "admin": Role.ADMIN,
}


def _registered(app) -> set[tuple[str, str]]:
    found = set()
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.add((method, rule.rule))
    return found


def _fill(rule: str, params: dict) -> str:
    def value(match):
        name = match.group(1).split(":")[-1]
        given = params[name]
        return str(given[rule] if isinstance(given, dict) and rule in given else given)

    return re.sub(r"<([^>]+)>", value, rule)


def test_every_rule_has_a_row(app):
    missing = _registered(app) - set(ACCESS)
    assert not missing, f"add these to tests/access.py: {sorted(missing)}"
    stale = set(ACCESS) - _registered(app)
    assert not stale, f"rows for rules that no longer exist: {sorted(stale)}"


@pytest.fixture
def world(make):
    """One person per role; features extend the parameters with records they own."""
    team = make.team("Home team")
    people = {
        "trainee": make.user(Role.TRAINEE, team=team),
        "supervisor": make.user(Role.SUPERVISOR, team=team),
        "manager": make.user(Role.MANAGER),
        "admin": make.user(Role.ADMIN),
    }
    make.assign(people["supervisor"], people["trainee"])
    make.scope(people["manager"], team)
    world = {"team": team, "people": people, "params": dict(PARAMS)}
    for feature in FEATURES:
        world["params"].update(feature.setup(world, make))
    return world


@pytest.mark.parametrize("visitor", VISITORS)
def test_access_table(app, world, visitor):
    failures = []
    for (method, rule), expected in sorted(ACCESS.items()):
        client = app.test_client()
        if visitor != "anon":
            user = world["people"][visitor]
            client.post(
                "/auth/login",
                data={"email": user.email, "password": "correct horse battery staple"},
            )
        url = _fill(rule, world["params"])
        response = client.open(url, method=method)
        want = expected[visitor]
        if want == LOGIN:
            ok = response.status_code == 302 and response.headers["Location"].startswith(
                "/auth/login"
            )
        else:
            ok = response.status_code == want
            if ok and want == 302:
                ok = not response.headers["Location"].startswith("/auth/login")
        if not ok:
            failures.append(
                f"{method} {url}: wanted {want}, got {response.status_code} "
                f"{response.headers.get('Location', '')}"
            )
        response.close()
    assert not failures, "\n".join(failures)
