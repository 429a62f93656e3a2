"""Migrations build the whole schema on an empty database and agree with the models."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import inspect, text

from peertrain import create_app
from peertrain.extensions import db

from .conftest import make_config


@pytest.fixture
def empty_database_url(new_database):
    return new_database("migrations")


def test_upgrade_builds_schema_matching_models(empty_database_url):
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=empty_database_url))
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert set(db.metadata.tables) <= tables
        with db.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, db.metadata)
        assert diff == [], f"models and migrations disagree: {diff}"
        db.engine.dispose()


def test_downgrade_to_base_and_up_again(empty_database_url):
    from flask_migrate import downgrade

    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=empty_database_url))
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "user" in inspect(db.engine).get_table_names()
        db.engine.dispose()


@contextmanager
def upgraded_after(url: str, revision: str, statements: list[str]):
    """In an app context over a database migrated to `revision`, given rows by raw SQL (as a
    database of that age would hold them), then upgraded to the head: for data migrations."""
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        upgrade(revision=revision)
        with db.engine.begin() as conn:
            for sql in statements:
                conn.execute(text(sql))
        upgrade()
        yield
        db.session.remove()
        db.engine.dispose()
