"""Run a page's independent figure queries side by side, each on a connection of its own.

The findings dashboard needs eight figures that do not depend on each other. One after
another, the database works on one query at a time while its other cores wait; on
PostgreSQL they run on up to WORKERS pooled connections at once, so the page takes about as
long as its slowest few queries rather than all of them added up. The query functions are
pure functions of a session and filters, which is what makes this safe: each gets a session
of its own and touches nothing else. On SQLite (one writer, and the tests' single file) they
run one after another on the request's session."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy.orm import Session

# Each dashboard view holds its own connection and at most this many more: within
# SQLAlchemy's default pool (5, and 10 overflow) with room for other requests.
WORKERS = 3


def gather(session: Session, calls: dict[str, Callable[[Session], Any]]) -> dict[str, Any]:
    """{name: call(session)} for every call; concurrently where the database allows."""
    engine = session.get_bind()
    if engine.dialect.name != "postgresql" or len(calls) < 2:
        return {name: call(session) for name, call in calls.items()}

    def run(call: Callable[[Session], Any]) -> Any:
        with Session(bind=engine) as own:
            return call(own)

    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="report") as pool:
        futures = {name: pool.submit(run, call) for name, call in calls.items()}
        return {name: future.result() for name, future in futures.items()}
