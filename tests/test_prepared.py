"""Reads planned once (peertrain/prepared.py): what @statement builds is prepared, nothing else
is; a request that only read ends with COMMIT, so the connection keeps its prepared
statements; anything else still rolls back."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text, update

from peertrain.extensions import db
from peertrain.models import Role, User

from .conftest import DATABASE_URL, IS_POSTGRES

pytestmark = pytest.mark.skipif(not IS_POSTGRES, reason="psycopg's prepared statements")


def prepared_here() -> int:
    return db.session.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar()


def prepared_texts() -> list[str]:
    return list(db.session.scalars(text("SELECT statement FROM pg_prepared_statements")))


def name_elsewhere(user_id: int) -> str:
    """Read on a connection of its own: what was committed, not what this session holds."""
    other = create_engine(DATABASE_URL)
    with other.connect() as conn:
        name = conn.execute(select(User.name).where(User.id == user_id)).scalar()
    other.dispose()
    return name


@pytest.fixture
def routes(app):
    @app.get("/_test/rename/<int:uid>")
    def rename(uid):  # a GET that writes and does not commit: must not be committed for it
        db.session.execute(update(User).where(User.id == uid).values(name="Renamed"))
        return "ok"

    @app.get("/_test/rename-then-fail/<int:uid>")
    def rename_then_fail(uid):
        db.session.get(User, uid).name = "Renamed"
        db.session.flush()
        raise RuntimeError("after the write")

    @app.get("/_test/unmarked/<int:uid>")
    def unmarked(uid):  # a statement nobody marked with @statement: planned each time
        return str(db.session.execute(select(User.name, User.email).where(User.id == uid)).all())

    @app.get("/_test/dirty/<int:uid>")
    def dirty(uid):  # a pending change nobody flushed
        db.session.get(User, uid).name = "Renamed"
        return "ok"


def test_a_page_read_again_and_again_is_prepared_once_and_stays_prepared(client, make, login):
    me = make.user(Role.TRAINEE)
    db.session.commit()
    login(me)
    for _ in range(8):
        assert client.get("/training/").status_code == 200
    # Each request ended its read-only transaction with COMMIT, so the statements psycopg
    # prepared after five runs are still there (a ROLLBACK would have dropped them all).
    assert prepared_here() >= 3


def test_only_statements_built_by_prepared_statement_are_prepared(client, make, login, routes):
    me = make.user(Role.TRAINEE)
    db.session.commit()
    login(me)
    for _ in range(8):
        assert client.get(f"/_test/unmarked/{me.id}").status_code == 200
    found = prepared_texts()
    assert any("FROM user_session" in t for t in found)  # the login's, marked
    # A report's plan depends on its values: what is not marked is planned every time.
    assert not any(t.startswith('SELECT "user".name, "user".email') for t in found)


@pytest.mark.parametrize("path", ["rename", "dirty"])
def test_a_write_left_uncommitted_is_still_rolled_back(app, client, make, routes, path):
    uid = make.user(Role.TRAINEE, name="Original").id
    db.session.commit()
    assert client.get(f"/_test/{path}/{uid}").status_code == 200
    db.session.remove()  # what the end of the app context does in production
    assert name_elsewhere(uid) == "Original"


def test_a_request_that_fails_after_writing_is_rolled_back(app, client, make, routes):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    uid = make.user(Role.TRAINEE, name="Original").id
    db.session.commit()
    assert client.get(f"/_test/rename-then-fail/{uid}").status_code == 500
    db.session.remove()
    assert name_elsewhere(uid) == "Original"


@pytest.mark.parametrize("config_overrides", [{"DATABASE_PREPARED_STATEMENTS": False}])
def test_it_can_be_turned_off_for_a_pooler_that_cannot_carry_prepared_statements(
    client, make, login
):
    me = make.user(Role.TRAINEE)
    db.session.commit()
    login(me)
    for _ in range(8):
        client.get("/training/")
    assert prepared_here() == 0
