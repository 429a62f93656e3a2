"""Nothing typed is lost on any form: expired token, ended login, database unavailable."""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask import g
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from peertrain.extensions import db
from peertrain.models import Reflection, Role

from .factories import PASSWORD
from .test_training_csrf import page

URL = "/training/kept/reflections/r1"
TEXT = "KEPT-TEXT-7731 what I noticed about myself on the ward today"


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": True}


def token(html: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


@pytest.fixture
def trainee(client, make):
    make.module("kept")
    user = make.user(Role.TRAINEE)
    html = page(client, "/auth/login")
    client.post(
        "/auth/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token(html)}
    )
    return user


def kept_form(html: str) -> tuple[str, dict]:
    """The kept page's form: where it posts and every field it would send."""
    action = re.search(r'<form method="post" action="([^"]+)" id="kept-form"', html).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))
    for name, value in re.findall(
        r'<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', html
    ):
        fields[name] = unescape(value)
    return unescape(action), fields


def test_expired_token_gives_the_text_back_ready_to_send(client, trainee):
    response = client.post(
        URL, data={"p0-text": TEXT, "p0-save": "Save draft", "csrf_token": "old"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "This form had expired" in html
    assert TEXT in html and db.session.scalar(select(Reflection)) is None
    action, fields = kept_form(html)
    assert action == URL and fields["p0-text"] == TEXT and fields["csrf_token"] != "old"
    again = client.post(action, data=fields)
    assert again.status_code == 302
    assert db.session.scalar(select(Reflection)).text == TEXT


def test_another_sites_post_is_refused_and_not_shown_back(client, trainee):
    response = client.post(
        URL,
        data={"p0-text": TEXT, "csrf_token": "old"},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 400 and TEXT not in response.get_data(as_text=True)


def test_a_post_without_any_token_is_refused_plainly(client, trainee):
    response = client.post(URL, data={"p0-text": TEXT})
    assert response.status_code == 400 and TEXT not in response.get_data(as_text=True)


def test_ended_login_keeps_the_text_behind_a_sign_in_box(client, trainee, app):
    client.post("/auth/logout", data={"csrf_token": token(page(client, "/training/"))})
    response = client.post(URL, data={"p0-text": TEXT, "p0-save": "Save draft", "csrf_token": "x"})
    html = response.get_data(as_text=True)
    assert response.status_code == 401 and "Your login had ended" in html and TEXT in html
    action, fields = kept_form(html)
    assert action == "/auth/resume" and fields["_resume_target"] == URL
    # A wrong password: the message next to the field, the text still there.
    wrong = client.post(
        action, data=fields | {"_resume_email": trainee.email, "_resume_password": "nope"}
    )
    wrong_html = wrong.get_data(as_text=True)
    assert wrong.status_code == 400 and 'id="resume-password-error"' in wrong_html
    assert TEXT in wrong_html and trainee.email in wrong_html
    ok = client.post(
        action, data=fields | {"_resume_email": trainee.email, "_resume_password": PASSWORD}
    )
    ok_html = ok.get_data(as_text=True)
    assert ok.status_code == 200 and "You are signed in again" in ok_html
    target, again = kept_form(ok_html)
    assert target == URL and "_resume_password" not in again
    g.pop("_login_user", None)
    assert client.post(target, data=again).status_code == 302
    assert db.session.scalar(select(Reflection)).text == TEXT


def test_passwords_are_never_echoed_back(client, trainee):
    response = client.post(
        "/auth/password",
        data={
            "current_password": "SECRET-PW-1 typed here",
            "new_password": "another long phrase here",
            "csrf_token": "old",
        },
    )
    assert "SECRET-PW-1" not in response.get_data(as_text=True)


@pytest.fixture
def database_down(app):
    """Every statement fails as if the server had gone away (the load test restarts a real
    PostgreSQL; this is the same error, raised where SQLAlchemy would raise it)."""

    def boom(conn, cursor, statement, parameters, context, executemany):
        raise OperationalError(statement, parameters, ConnectionError("server closed"))

    event.listen(db.engine, "before_cursor_execute", boom)
    yield
    event.remove(db.engine, "before_cursor_execute", boom)


def test_database_outage_gives_a_503_with_the_text_kept(client, trainee, app, request):
    html = page(client, "/training/kept/reflections")
    form = {"p0-text": TEXT, "p0-save": "Save draft", "csrf_token": token(html)}
    request.getfixturevalue("database_down")
    response = client.post(URL, data=form)
    body = response.get_data(as_text=True)
    assert response.status_code == 503 and "We could not save this just now" in body
    assert TEXT in body and '<html lang="en' in body  # the site's own layout
    action, fields = kept_form(body)
    assert action == URL and fields["p0-text"] == TEXT


def test_database_outage_on_a_page_is_a_503_page(client, trainee, database_down):
    response = client.get("/training/")
    assert response.status_code == 503
    assert "PeerTrain is not available just now" in response.get_data(as_text=True)


# Every other kind of form with writing in it goes through the same handlers: one per row.
FORMS = [
    ("trainee", "/competency/self-assessment", {"note": TEXT, "level-ENG-1": "2"}),
    ("supervisor", "/competency/people/{worker}/rate", {"note": TEXT, "source": "supervisor"}),
    ("admin", "/admin/admin_teams/new/", {"name": TEXT, "setting": "community"}),
    ("admin", "/admin/admin_users/new/", {"name": TEXT, "email": "new@example.org"}),
]


@pytest.mark.parametrize(("role", "url", "data"), FORMS, ids=[f[1] for f in FORMS])
def test_every_form_keeps_its_text_through_an_expired_token_and_login(
    client, make, role, url, data
):
    worker = make.user(Role.TRAINEE)
    person = worker if role == "trainee" else make.user(Role(role))
    if role == "supervisor":
        make.assign(person, worker)
    url = url.format(worker=worker.id)
    html = page(client, "/auth/login")
    client.post(
        "/auth/login",
        data={"email": person.email, "password": PASSWORD, "csrf_token": token(html)},
    )
    stale = client.post(url, data=data | {"csrf_token": "stale"})
    assert stale.status_code == 400 and TEXT in stale.get_data(as_text=True)
    assert kept_form(stale.get_data(as_text=True))[0] == url
    client.post("/auth/logout", data={"csrf_token": token(page(client, "/auth/password"))})
    ended = client.post(url, data=data | {"csrf_token": "from-the-ended-login"})
    body = ended.get_data(as_text=True)
    assert ended.status_code == 401 and TEXT in body and "Sign in again" in body
