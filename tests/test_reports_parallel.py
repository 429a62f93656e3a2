"""Figures gathered side by side come back under their names, as run one by one would."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from peertrain.extensions import db
from peertrain.models import User
from peertrain.reports.parallel import gather

from .conftest import IS_POSTGRES


def test_each_call_gets_a_working_session_and_its_answer_comes_back_by_name(app, make):
    make.user(name="Ada")
    make.user(name="Bo")
    seen = []

    def names(s):
        seen.append(s)
        return sorted(s.scalars(select(User.name)))

    got = gather(
        db.session, {"count": lambda s: s.scalar(select(func.count(User.id))), "names": names}
    )
    assert got == {"count": 2, "names": ["Ada", "Bo"]}
    # On PostgreSQL each call has a session of its own; SQLite runs them on the request's.
    assert all((s is not db.session) for s in seen) == IS_POSTGRES


def test_a_failing_figure_fails_the_page_rather_than_going_missing(app):
    def broken(_s):
        raise RuntimeError("figure failed")

    with pytest.raises(RuntimeError, match="figure failed"):
        gather(db.session, {"ok": lambda s: 1, "broken": broken})
