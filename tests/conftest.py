"""Test fixtures: a fresh app per test over one schema per run, on SQLite or TEST_DATABASE_URL."""

from __future__ import annotations

import os
import tempfile

import pytest
from flask import g, has_app_context, has_request_context, request
from flask.testing import FlaskClient
from sqlalchemy import select, text

from peertrain import create_app
from peertrain.config import normalise_database_url
from peertrain.extensions import db

from . import factories

_TMP = tempfile.mkdtemp(prefix="peertrain-tests-")
DATABASE_URL = normalise_database_url(
    os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{_TMP}/test.sqlite3"
)
IS_POSTGRES = DATABASE_URL.startswith("postgresql")


def make_config(**overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-123456",
        "SQLALCHEMY_DATABASE_URI": DATABASE_URL,
        "WTF_CSRF_ENABLED": False,
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 1024,
        "SERVER_NAME": "localhost",
        "EXPORT_DIR": f"{_TMP}/exports",
        "CERTIFICATE_DIR": f"{_TMP}/certificates",
        # Tests change records and look again at once: the findings are computed on every view
        # unless a test turns the cache on (test_reports_cache.py, the statement budget).
        "REPORT_CACHE_MINUTES": 0,
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def _schema():
    """Create the schema once per run; each test empties the tables afterwards."""
    app = create_app(make_config())
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def _empty_tables() -> None:
    if IS_POSTGRES:
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
    db.session.commit()


def _derived_tables_match(request) -> None:
    """After every test that left source records (ratings, sessions), the derived report
    tables must equal a rebuild from them: no code path may leave them stale. A test that
    makes them stale on purpose says so with @pytest.mark.stale_derived."""
    from peertrain.derived.check import differences
    from peertrain.models import CompetencyRating, SessionParticipant

    if request.node.get_closest_marker("stale_derived"):
        return
    sources = select(CompetencyRating.id).union_all(select(SessionParticipant.session_id))
    if db.session.execute(sources.limit(1)).first() is None:
        return
    found = differences(db.engine)
    db.session.remove()
    if found:
        pytest.fail("derived tables stale after the test: " + "; ".join(map(str, found)))


class FreshRequestClient(FlaskClient):
    """Tests hold an app context open, so `g` would outlive a request; in production every
    request starts with a fresh one. Drop what extensions cache there so each request
    re-checks its server-side session and token, as it does in production."""

    def open(self, *args, **kwargs):
        self._forget_request_state()
        response = super().open(*args, **kwargs)
        self._forget_request_state()
        return response

    @staticmethod
    def _forget_request_state():
        if not has_app_context():  # a thread of a concurrency test: nothing outlives it
            return
        g.pop("_login_user", None)  # Flask-Login's cached user
        g.pop("csrf_token", None)  # Flask-WTF's token, which is per session, not per test
        # pytest-flask holds a request context open around each test: answers peertrain.memo
        # remembered for it must not outlive a request the test's client made meanwhile.
        if has_request_context():
            request.environ.pop("peertrain.memo", None)


@pytest.fixture
def config_overrides() -> dict:
    """Override in a test module (or parametrize) to change the app's config."""
    return {}


@pytest.fixture
def app(_schema, config_overrides, request):
    app = create_app(make_config(**config_overrides))
    app.test_client_class = FreshRequestClient
    with app.app_context():
        yield app
        db.session.remove()
        _derived_tables_match(request)
        _empty_tables()
        db.session.remove()
        db.engine.dispose()  # each app has its own engine: close its pool, not leak it


@pytest.fixture
def make(app):
    """Factories bound to the current app: make.user(...), make.team(...), ..."""
    return factories.Factory()


@pytest.fixture
def login(client):
    def _login(user, password: str = factories.PASSWORD, follow: bool = False):
        return client.post(
            "/auth/login",
            data={"email": user.email, "password": password},
            follow_redirects=follow,
        )

    return _login


@pytest.fixture
def new_database(tmp_path):
    """A factory of empty databases of the suite's kind, dropped afterwards (for tests that
    migrate, back up or restore a whole database)."""
    from urllib.parse import urlsplit, urlunsplit

    from sqlalchemy import create_engine

    made: list[str] = []
    parts = urlsplit(DATABASE_URL)
    admin = (
        create_engine(urlunsplit(parts._replace(path="/postgres")), isolation_level="AUTOCOMMIT")
        if IS_POSTGRES
        else None
    )

    def _new(suffix: str) -> str:
        if admin is None:
            return f"sqlite:///{tmp_path / (suffix + '.sqlite3')}"
        name = f"{parts.path.lstrip('/')}_{suffix}"
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return urlunsplit(parts._replace(path=f"/{name}"))

    yield _new
    if admin is not None:
        with admin.connect() as conn:
            for name in made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class ThrottleClock:
    """The sign-in throttle's clock, moved by hand, so a 1-second delay never depends on how
    fast the machine runs the test."""

    def __init__(self) -> None:
        from peertrain.clock import utcnow

        self.now = utcnow().replace(microsecond=0)

    def __call__(self):
        return self.now

    def advance(self, seconds: float) -> None:
        from datetime import timedelta

        self.now += timedelta(seconds=seconds)


@pytest.fixture
def throttle_clock(monkeypatch) -> ThrottleClock:
    from peertrain.auth import throttle

    clock = ThrottleClock()
    monkeypatch.setattr(throttle, "utcnow", clock)
    return clock
