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


QUIZ = (
    '{"pass_mark": 80, "questions": [{"id": "q1", "prompt": "P", "choices": ["a", "b", "c"],'
    ' "answer": [1], "explanation": "E"}]}'
)
ATTEMPTS_BEFORE_POOLS = [
    'INSERT INTO "user" (id, email, name, password_hash, fte, is_peer, active, created_at,'
    " certification_stage) VALUES (1, 'a@example.org', 'A', 'x', 1.0, true, true,"
    " '2026-01-01 00:00:00', 'in_training')",
    "INSERT INTO module (id, slug, version, is_current, title, summary, minutes, required,"  # noqa: S608
    " content_hash, sources, quiz, reflection_prompts, competency_codes, synced_at) VALUES"
    f" (1, 'm', 1, true, 'M', 's', 30, true, 'h', '[]', '{QUIZ}', '[]', '[]',"
    " '2026-01-01 00:00:00')",
    "INSERT INTO quiz_attempt (id, user_id, module_id, submitted_at, answers, score, passed)"
    " VALUES (1, 1, 1, '2026-01-02 00:00:00', '{\"q1\": [1]}', 100, true),"
    " (2, 1, 1, '2026-01-03 00:00:00', '{\"q1\": [0]}', 0, false)",
]


def test_attempts_made_before_pools_get_the_quiz_they_were_scored_on(empty_database_url):
    with upgraded_after(empty_database_url, "0004_supervision_derived", ATTEMPTS_BEFORE_POOLS):
        from peertrain.models import QuizAttempt

        shown = [a.shown for a in db.session.query(QuizAttempt).order_by(QuizAttempt.id)]
        assert len(shown) == 2 and shown[0] == shown[1]
        (question,) = shown[0]["questions"]
        assert shown[0]["pass_mark"] == 80
        assert question["id"] == "q1" and question["order"] == [0, 1, 2]
