"""Run a page's independent figure queries side by side, each on a connection of its own.

The findings dashboard needs eight figures that do not depend on each other. One after
another, the database works on one query at a time while its other cores wait; on
PostgreSQL they run on up to WORKERS pooled connections at once, so the page takes about as
long as its slowest few queries rather than all of them added up. The query functions are
pure functions of a session and filters, which is what makes this safe: each gets a session
of its own and touches nothing else. On SQLite (one writer, and the tests' single file) they
run one after another on the request's session.

Side by side, the figures use a small engine of their own (WORKERS * DASHBOARDS
connections, never more), so a burst of dashboards can never take the connections other
requests need; a dashboard that finds every slot busy runs its figures one by one on its
own session instead of waiting."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import current_app
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session

# Figures one dashboard runs at once, and dashboards per process that may do so together:
# the report engine holds at most WORKERS * DASHBOARDS connections.
WORKERS = 3
DASHBOARDS = 2

_slots = threading.BoundedSemaphore(DASHBOARDS)
_engines: dict[int, Engine] = {}
_engines_lock = threading.Lock()


def report_engine(engine: Engine) -> Engine:
    """The bounded engine beside the app's: same database and connection options, its own
    pool of exactly WORKERS * DASHBOARDS connections, disposed with the app's engine."""
    with _engines_lock:
        own = _engines.get(id(engine))
        if own is None:
            size = WORKERS * DASHBOARDS
            options = current_app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {}
            own = create_engine(
                engine.url,
                pool_size=size,
                max_overflow=0,
                connect_args=dict(options.get("connect_args") or {}),  # the statement timeout
            )
            _engines[id(engine)] = own
            event.listen(engine, "engine_disposed", lambda _e: _forget(engine))
        return own


def _forget(engine: Engine) -> None:
    with _engines_lock:
        own = _engines.pop(id(engine), None)
    if own is not None:
        own.dispose()


def gather(session: Session, calls: dict[str, Callable[[Session], Any]]) -> dict[str, Any]:
    """{name: call(session)} for every call; concurrently where the database allows and a
    slot is free, else one after another on the given session."""
    engine = session.get_bind()
    if engine.dialect.name != "postgresql" or len(calls) < 2:
        return _one_by_one(session, calls)
    if not _slots.acquire(blocking=False):
        return _one_by_one(session, calls)
    try:
        own = report_engine(engine)

        def run(call: Callable[[Session], Any]) -> Any:
            with Session(bind=own) as figures:
                return call(figures)

        with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="report") as pool:
            futures = {name: pool.submit(run, call) for name, call in calls.items()}
            return {name: future.result() for name, future in futures.items()}
    finally:
        _slots.release()


def _one_by_one(session: Session, calls: dict[str, Callable[[Session], Any]]) -> dict[str, Any]:
    return {name: call(session) for name, call in calls.items()}
