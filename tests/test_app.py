"""The app factory and environment-driven configuration."""

from __future__ import annotations

import pytest

from peertrain import create_app
from peertrain.config import DEV_SECRET_KEY, Config, normalise_database_url

from .conftest import make_config


def test_factory_applies_overrides(app):
    assert app.config["TESTING"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_defaults_come_from_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db/x")
    monkeypatch.setenv("SESSION_IDLE_MINUTES", "10")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    cfg = Config.from_env()
    assert cfg["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/x"
    assert cfg["SESSION_IDLE_MINUTES"] == 10
    assert cfg["SESSION_ABSOLUTE_HOURS"] == 12
    assert cfg["SECRET_KEY"] == DEV_SECRET_KEY
    assert cfg["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///x.db", "sqlite:///x.db"),
        ("postgresql://a@b/c", "postgresql+psycopg://a@b/c"),
        ("postgresql+psycopg://a@b/c", "postgresql+psycopg://a@b/c"),
    ],
)
def test_database_url_normalised(given, expected):
    assert normalise_database_url(given) == expected


def test_production_refuses_default_secret(monkeypatch):
    monkeypatch.setenv("PEERTRAIN_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


def test_production_with_real_secret_sets_secure_cookie(monkeypatch):
    monkeypatch.setenv("PEERTRAIN_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    cfg = make_config()
    del cfg["SECRET_KEY"]
    app = create_app(cfg)
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_error_pages_use_site_layout(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"Page not found" in response.data
    assert b"skip-link" in response.data


def test_proxy_fix_trusts_forwarded_scheme_when_configured():
    app = create_app(make_config(PROXY_FIX_HOPS=1))

    @app.get("/_scheme")
    def _scheme():
        from flask import request

        return request.scheme

    response = app.test_client().get("/_scheme", headers={"X-Forwarded-Proto": "https"})
    assert response.get_data(as_text=True) == "https"


def test_database_pool_size_comes_from_the_environment(monkeypatch):
    from peertrain.config import Config

    assert Config.from_env()["SQLALCHEMY_ENGINE_OPTIONS"]["pool_size"] == 5
    monkeypatch.setenv("DATABASE_POOL_SIZE", "16")
    options = Config.from_env()["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options == {"pool_size": 16}
