"""Every training form carries a CSRF token, and a post without one is refused."""

from __future__ import annotations

import re

import pytest
from flask import g
from sqlalchemy import func, select

from peertrain.extensions import db
from peertrain.models import ModuleProgress, QuizAttempt, Reflection, Role

from .factories import PASSWORD
from .factories_training import RIGHT
from .quiz_forms import form_for, open_draw


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": True}


def token(html: str, name: str = "csrf_token") -> str:
    return re.search(rf'name="{re.escape(name)}" type="hidden" value="([^"]+)"', html).group(1)


def page(client, url: str) -> str:
    # Tests keep one app context open, so Flask-WTF's per-request token cache in `g` would
    # outlive the login (which starts a new session); in production every request is fresh.
    g.pop("csrf_token", None)
    return client.get(url).get_data(as_text=True)


@pytest.fixture
def signed_in(client, make):
    make.module("guarded", sections=2)
    user = make.user(Role.TRAINEE)
    login_page = page(client, "/auth/login")
    client.post(
        "/auth/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token(login_page)},
    )
    return user


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_continue_needs_the_token(client, signed_in):
    assert client.post("/training/guarded/section/1").status_code == 400
    assert count(ModuleProgress) == 0
    html = page(client, "/training/guarded/section/1")
    response = client.post("/training/guarded/section/1", data={"csrf_token": token(html)})
    assert response.status_code == 302 and count(ModuleProgress) == 1


def test_knowledge_check_needs_the_token(client, signed_in):
    html = page(client, "/training/guarded/check")
    answers = form_for(open_draw(client, "guarded"), RIGHT)
    assert client.post("/training/guarded/check", data=answers).status_code == 400
    response = client.post("/training/guarded/check", data={**answers, "csrf_token": token(html)})
    assert response.status_code == 302 and count(QuizAttempt) == 1


def test_each_reflection_form_has_its_own_token_field(client, signed_in):
    data = {"p1-text": "Some words.", "p1-save": "Save draft"}
    assert client.post("/training/guarded/reflections/r2", data=data).status_code == 400
    html = page(client, "/training/guarded/reflections")
    data["p1-csrf_token"] = token(html, "p1-csrf_token")
    assert client.post("/training/guarded/reflections/r2", data=data).status_code == 302
    assert count(Reflection) == 1
