"""Operations: request ids and logs, health probes, statement timeout, production commands."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
from flask_migrate import stamp, upgrade

from peertrain import create_app
from peertrain.extensions import db
from peertrain.models import Role
from peertrain.ops.logs import JsonFormatter, RequestIdFilter

from .conftest import IS_POSTGRES, make_config

PLANTED = "PLANTED-NOTE-TEXT-5521"


def test_every_response_carries_a_generated_request_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", first.headers["X-Request-ID"])
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


def test_a_proxys_request_id_is_used_only_behind_a_trusted_proxy(_schema):
    behind = create_app(make_config(PROXY_FIX_HOPS=1)).test_client()
    assert (
        behind.get("/healthz", headers={"X-Request-ID": "lb-42.a"}).headers["X-Request-ID"]
        == "lb-42.a"
    )
    # A value that could forge a log line is replaced, not passed on.
    forged = behind.get("/healthz", headers={"X-Request-ID": "x level=ERROR"})
    assert re.fullmatch(r"[0-9a-f]{32}", forged.headers["X-Request-ID"])
    direct = create_app(make_config()).test_client()
    assert (
        direct.get("/healthz", headers={"X-Request-ID": "lb-42.a"}).headers["X-Request-ID"]
        != "lb-42.a"
    )


@pytest.fixture
def log_lines():
    """What a production handler would write: JSON lines, every logger, DEBUG and up."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_one_access_line_per_request_with_the_route_not_the_query(client, make, login, log_lines):
    me = make.user(Role.TRAINEE)
    login(me)
    response = client.get(f"/training/?q={PLANTED}")
    access = [line for line in log_lines() if line["logger"] == "peertrain.access"]
    last = access[-1]
    assert last["method"] == "GET" and last["route"] == "/training/"
    assert last["status"] == response.status_code and last["user_id"] == me.id
    assert last["request_id"] == response.headers["X-Request-ID"]
    assert isinstance(last["duration_ms"], float)
    assert PLANTED not in json.dumps(log_lines())


def test_probes_are_quiet_at_info(client, log_lines):
    client.get("/healthz")
    client.get("/auth/login")
    routes = [line.get("route") for line in log_lines()]
    assert "/auth/login" in routes and "/healthz" not in routes


def test_note_text_never_reaches_a_log_line(client, make, login, log_lines):
    """Plant text in every kind of post (saved, refused, failed) and read every line."""
    sup, worker = make.user(Role.SUPERVISOR), make.user(Role.TRAINEE)
    make.assign(sup, worker)
    module = make.module("logged")
    login(sup)
    client.post(
        "/supervision/sessions/new",
        data={
            "supervisee_ids": str(worker.id),
            "held_on": "2026-11-30",
            "minutes": "60",
            "format": "individual",
            "setting": "in_person",
            "what_happened": PLANTED,
            "what_it_meant": PLANTED,
            "what_next": PLANTED,
        },
    )
    client.post("/auth/logout")
    login(worker)
    client.post(
        f"/training/{module.slug}/reflections/r1",
        data={"p0-text": PLANTED, "p0-save": "Save draft"},
    )
    client.post(f"/training/{module.slug}/reflections/nope", data={"p0-text": PLANTED})
    client.post("/auth/logout")
    client.post(f"/training/{module.slug}/reflections/r1", data={"p0-text": PLANTED + " x"})
    client.post("/auth/login", data={"email": PLANTED, "password": PLANTED})
    lines = log_lines()
    assert any(line["logger"] == "peertrain.access" for line in lines)
    assert PLANTED not in json.dumps(lines)


def test_errors_are_logged_with_their_traceback_and_request_id(_schema, log_lines):
    app = create_app(make_config(PROPAGATE_EXCEPTIONS=False))

    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("kaboom")

    response = app.test_client().get("/boom-for-test")
    assert response.status_code == 500
    errors = [line for line in log_lines() if line["level"] == "ERROR"]
    assert errors and "RuntimeError: kaboom" in errors[0]["exception"]
    assert errors[0]["request_id"] == response.headers["X-Request-ID"]


def test_healthz_answers_without_a_login_or_personal_data(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_readyz_checks_the_database_and_the_migration_head(new_database):
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=new_database("ready")))
    with app.app_context():
        client = app.test_client()
        assert client.get("/readyz").status_code == 503  # no schema yet
        upgrade()
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.get_json()["migrations"] == "head"
        stamp(revision="0002")
        behind = client.get("/readyz")
        assert behind.status_code == 503 and behind.get_json()["migrations"] == "behind"
        db.session.remove()
        db.engine.dispose()


def test_readyz_says_unavailable_when_the_database_does_not_answer(_schema):
    dead = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere"
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=dead))
    with app.app_context():
        response = app.test_client().get("/readyz")
        assert response.status_code == 503
        assert response.get_json() == {"status": "unavailable", "database": "unreachable"}
        db.engine.dispose()


def test_statement_timeout_is_set_on_every_postgresql_connection(_schema):
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/x"
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=url))
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["options"]
    assert options == "-c statement_timeout=10000"
    off = create_app(make_config(SQLALCHEMY_DATABASE_URI=url, DATABASE_STATEMENT_TIMEOUT_SECONDS=0))
    assert "connect_args" not in off.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})


@pytest.mark.skipif(not IS_POSTGRES, reason="PostgreSQL's own statement_timeout")
def test_the_server_applies_the_statement_timeout(app):
    assert db.session.execute(db.text("SHOW statement_timeout")).scalar() == "10s"


def test_demo_and_benchmark_commands_are_not_offered_in_production(_schema, monkeypatch):
    monkeypatch.setenv("PEERTRAIN_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    app = create_app(make_config(ENV_NAME="production"))
    names = set(app.cli.list_commands(None))
    assert {"users", "content", "backup", "prune"} <= names
    assert not names & {"demo", "bench"}
    dev = create_app(make_config(ENV_NAME="development"))
    assert {"demo", "bench"} <= set(dev.cli.list_commands(None))
