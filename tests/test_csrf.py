"""CSRF protection on every state change (the rest of the suite runs with it off, like flaskr)."""

from __future__ import annotations

import re

import pytest

from .factories import PASSWORD


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": True}


def test_csrf_token_missing_is_rejected(client, make):
    user = make.user()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert b"security token" in response.data


def test_csrf_token_present_is_accepted(client, make):
    user = make.user()
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/auth/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    # Logging out without the token is refused too.
    assert client.post("/auth/logout").status_code == 400


def test_admin_forms_need_the_token_too(client, make):
    from peertrain.models import Role

    admin = make.user(Role.ADMIN)
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/auth/login", data={"email": admin.email, "password": PASSWORD, "csrf_token": token}
    )
    response = client.post("/admin/admin_teams/new/", data={"name": "X", "setting": "crisis"})
    assert response.status_code == 400
    form = client.get("/admin/admin_teams/new/").get_data(as_text=True)
    assert 'name="csrf_token"' in form
