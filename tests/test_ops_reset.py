"""No lost writes across a connection-pool reset on PostgreSQL (the load test in small)."""

from __future__ import annotations

import select as select_module

import pytest
from flask import g
from sqlalchemy import create_engine, event, select, text

from peertrain.extensions import db
from peertrain.models import Reflection, Role

from .conftest import DATABASE_URL, IS_POSTGRES
from .test_ops_keep import kept_form

pytestmark = pytest.mark.skipif(not IS_POSTGRES, reason="a real server's connections to cut")


def cut_every_connection() -> None:
    """What a PostgreSQL restart or failover does to the app's pool: every backend ends (and
    has ended when this returns: the timeout makes pg_terminate_backend wait for it)."""
    admin = create_engine(DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    admin.dispose()


def post(client, module, i: int, marker: str):
    return client.post(
        f"/training/{module.slug}/reflections/{module.reflection_prompts[i]['id']}",
        data={f"p{i}-text": f"{marker} noticed", f"p{i}-save": "Save draft"},
    )


def texts() -> list[str]:
    db.session.rollback()
    return sorted(r.text for r in db.session.scalars(select(Reflection)))


def test_acknowledged_writes_survive_a_pool_reset_exactly_once(client, make, login):
    module = make.module("reset")
    me = make.user(Role.TRAINEE)
    login(me)
    acked = []
    for i, marker in enumerate(["RESET-A", "RESET-B"]):
        if i:
            # Between requests (tests keep one app context open; in production each request
            # hands its connection back): pool_check.py finds it closed and reconnects.
            db.session.remove()
            cut_every_connection()
        response = post(client, module, i, marker)
        assert response.status_code == 302
        acked.append(f"{marker} noticed")
    assert texts() == acked


def test_a_closed_pooled_connection_is_found_without_asking_the_server(app):
    from peertrain.pool_check import closed_by_server

    with db.engine.connect() as conn:
        live = conn.connection.dbapi_connection
        assert not closed_by_server(live)
        cut_every_connection()
        # The server's goodbye reaches the socket a moment later; wait for it, not a guess.
        select_module.select([live.pgconn.socket], [], [], 5)
        assert closed_by_server(live)
    # Handed back to the pool closed: the next checkout throws it away and connects afresh.
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar() == 1
        assert not closed_by_server(conn.connection.dbapi_connection)


def test_a_write_cut_mid_request_gives_its_text_back_and_lands_once_when_sent_again(
    client, make, login, app
):
    module = make.module("reset")
    me = make.user(Role.TRAINEE)
    login(me)
    armed = {"cut": True}

    def cut_before_the_insert(conn, cursor, statement, *args):
        if armed["cut"] and statement.lstrip().upper().startswith("INSERT INTO REFLECTION"):
            armed["cut"] = False
            cut_every_connection()  # this request's own connection dies under it

    event.listen(db.engine, "before_cursor_execute", cut_before_the_insert)
    try:
        failed = post(client, module, 0, "RESET-C")
    finally:
        event.remove(db.engine, "before_cursor_execute", cut_before_the_insert)
    body = failed.get_data(as_text=True)
    assert failed.status_code == 503 and "RESET-C noticed" in body
    assert texts() == []  # nothing partial: the insert and its audit event went together
    g.pop("_login_user", None)
    action, fields = kept_form(body)
    again = client.post(action, data=fields)
    assert again.status_code == 302
    assert texts() == ["RESET-C noticed"]
