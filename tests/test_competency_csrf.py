"""Both rating forms carry a CSRF token and refuse a post without one."""

from __future__ import annotations

import re

import pytest
from flask import g
from sqlalchemy import func, select

from peertrain.extensions import db
from peertrain.models import CompetencyRating

from .factories import PASSWORD


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": True}


def token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def sign_in(client, user) -> None:
    page = client.get("/auth/login").get_data(as_text=True)
    client.post(
        "/auth/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token(page)}
    )
    # The tests keep one app context open, so Flask-WTF's per-request token cache in `g`
    # would outlive the login that replaced the session: drop it, as a new request would.
    g.pop("csrf_token", None)


def count() -> int:
    return db.session.scalar(select(func.count(CompetencyRating.id)))


def test_self_assessment_needs_the_token(client, make):
    cast = make.competency_cast()
    sign_in(client, cast.worker)
    data = {"competency": "ENG-1", "level": "2", "note": "n"}
    refused = client.post("/competency/self-assessment", data=data)
    assert refused.status_code == 400 and b"security token" in refused.data
    assert count() == 0
    form = client.get("/competency/self-assessment").get_data(as_text=True)
    ok = client.post("/competency/self-assessment", data=data | {"csrf_token": token(form)})
    assert ok.status_code == 302 and count() == 1


def test_supervisor_rating_needs_the_token(client, make):
    cast = make.competency_cast()
    module = make.rating_module("M", ["ENG-1"], completed_by=cast.worker)
    sign_in(client, cast.supervisor)
    url = f"/competency/people/{cast.worker.id}/rate"
    data = {
        "competency": "ENG-1",
        "source": "supervisor",
        "level": "3",
        "note": "n",
        "evidence_module": module.id,
    }
    assert client.post(url, data=data).status_code == 400
    assert count() == 0
    form = client.get(url).get_data(as_text=True)
    assert client.post(url, data=data | {"csrf_token": token(form)}).status_code == 302
    assert count() == 1
