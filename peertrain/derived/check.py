"""`flask derived check`: are the derived tables exactly what a rebuild from the records gives?"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select

from ..models import Attendance, CategoryTally, CurrentLevel, SupervisionMonth
from . import competency, supervision

TABLES = (CurrentLevel, CategoryTally, Attendance, SupervisionMonth)


@dataclass(frozen=True)
class Difference:
    table: str
    missing: int  # rows a rebuild has that the table lacks
    extra: int  # rows the table has that a rebuild would not

    def __str__(self) -> str:
        return f"{self.table}: {self.missing} missing, {self.extra} stale or extra"


def _rows(conn: Connection) -> dict[str, Counter]:
    return {
        m.__tablename__: Counter(tuple(r) for r in conn.execute(select(*m.__table__.columns)))
        for m in TABLES
    }


def differences(engine: Engine) -> list[Difference]:
    """Rebuild inside a transaction of its own and roll it back, comparing row for row; a
    whole rolled-back transaction rather than a savepoint, which SQLite's driver mishandles."""
    with engine.connect() as conn, conn.begin() as trans:
        held = _rows(conn)
        competency.rebuild(conn)
        supervision.rebuild(conn)
        rebuilt = _rows(conn)
        trans.rollback()
    return [
        Difference(
            name,
            sum((rebuilt[name] - held[name]).values()),
            sum((held[name] - rebuilt[name]).values()),
        )  # fmt: skip
        for name in held
        if held[name] != rebuilt[name]
    ]
