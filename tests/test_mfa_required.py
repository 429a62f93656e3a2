"""MFA_REQUIRED_ROLES: admins and managers in production enrol at first sign-in, before anything."""

from __future__ import annotations

import pyotp
import pytest
from sqlalchemy import select

from peertrain.config import Config
from peertrain.extensions import db
from peertrain.models import MfaTotp, Role

from .factories import PASSWORD
from .factories_mfa import enrol
from .test_mfa import _secret_on

PRODUCTION = {"ENV_NAME": "production", "MFA_REQUIRED_ROLES": ("admin", "manager")}


@pytest.mark.parametrize(
    ("env", "setting", "expected"),
    [
        ("production", None, ("admin", "manager")),
        ("development", None, ()),
        ("testing", None, ()),
        ("production", "admin", ("admin",)),
        ("development", " Supervisor , manager ", ("supervisor", "manager")),
        ("production", "", ()),
    ],
)
def test_default_is_admin_and_manager_in_production_only(monkeypatch, env, setting, expected):
    monkeypatch.setenv("PEERTRAIN_ENV", env)
    if setting is None:
        monkeypatch.delenv("MFA_REQUIRED_ROLES", raising=False)
    else:
        monkeypatch.setenv("MFA_REQUIRED_ROLES", setting)
    assert Config.from_env()["MFA_REQUIRED_ROLES"] == expected


@pytest.mark.parametrize("config_overrides", [PRODUCTION])
def test_manager_enrols_at_first_sign_in_and_reaches_nothing_else(client, login, make):
    manager = make.user(Role.MANAGER, name="Mo Manager")
    make.scope(manager)
    first = login(manager)
    assert first.status_code == 302
    for path in ("/", "/manager", "/reports/", "/auth/password", "/training/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == "/auth/mfa/setup", path
    page = client.get("/auth/mfa/setup", follow_redirects=False)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Your role needs two-step sign-in" in html
    assert client.post("/auth/password", data={}).headers["Location"] == "/auth/mfa/setup"
    # Signing out stays possible, and so do the probes.
    assert client.get("/healthz").status_code == 200
    secret = _secret_on(html)
    done = client.post(
        "/auth/mfa/setup", data={"code": pyotp.TOTP(secret).now(), "password": PASSWORD}
    )
    assert done.status_code == 200 and "Your recovery codes" in done.get_data(as_text=True)
    home = client.get("/manager")
    assert home.status_code == 200 and "Your teams" in home.get_data(as_text=True)


@pytest.mark.parametrize("config_overrides", [PRODUCTION])
def test_admin_pages_wait_for_enrolment_too(client, login, make):
    admin = make.user(Role.ADMIN)
    login(admin)
    assert client.get("/admin/").headers["Location"] == "/auth/mfa/setup"
    assert client.get("/admin/admin_users/").headers["Location"] == "/auth/mfa/setup"


@pytest.mark.parametrize("config_overrides", [PRODUCTION])
def test_other_roles_are_not_asked(client, login, make):
    trainee = make.user(Role.TRAINEE)
    login(trainee)
    assert client.get("/trainee").status_code == 200


@pytest.mark.parametrize("config_overrides", [PRODUCTION])
def test_a_required_role_cannot_turn_it_off(client, login, make):
    manager = make.user(Role.MANAGER)
    totp, _ = enrol(manager)
    login(manager)
    client.post("/auth/mfa/verify", data={"code": totp.now()})
    refused = client.get("/auth/mfa/disable", follow_redirects=True)
    assert "cannot be turned off" in refused.get_data(as_text=True)
    assert db.session.get(MfaTotp, manager.id) is not None


@pytest.mark.parametrize(
    ("config_overrides", "forced"),
    [
        ({"ENV_NAME": "development", "MFA_REQUIRED_ROLES": ("manager",)}, False),
        ({"ENV_NAME": "production", "MFA_REQUIRED_ROLES": ("manager",)}, True),
    ],
)
def test_demo_accounts_skip_only_in_development(client, login, make, forced):
    demo = make.user(Role.MANAGER, email="morgan@demo.peertrain.org")
    make.scope(demo)
    login(demo)
    response = client.get("/manager")
    if forced:
        assert response.headers["Location"] == "/auth/mfa/setup"
    else:
        assert response.status_code == 200 and "Your teams" in response.get_data(as_text=True)
    assert db.session.scalars(select(MfaTotp)).first() is None
