"""prepared.rows, on both databases: a read built once flushes as session.execute would."""

from __future__ import annotations

from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models import Role, User


def test_a_read_built_once_flushes_as_session_execute_would(app, make):
    """prepared.rows sees a pending change, except where the session's own reads would not."""
    from peertrain.prepared import rows

    user = make.user(Role.TRAINEE, name="Before")
    db.session.commit()
    stmt = select(User.name).where(User.id == user.id)
    user.name = "Pending"
    with db.session.no_autoflush:
        assert rows(stmt, {}).scalar() == "Before"  # not flushed here, as session.execute
    assert rows(stmt, {}).scalar() == "Pending"
    db.session.rollback()
