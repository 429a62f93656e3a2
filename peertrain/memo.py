"""Answers remembered for the rest of one request: asked several times while a page is built."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import has_request_context, request

T = TypeVar("T")
_ENVIRON_KEY = "peertrain.memo"


def per_request(key: Hashable, compute: Callable[[], T]) -> T:
    """compute() once per request for this key; outside a request (CLI, reminders) every time.

    Kept in the request's environ, which lives exactly as long as the request (`g` belongs to
    the app context, which a test's or a CLI's outer context can stretch over many requests).
    Only for what the request itself does not change, or whose writers call forget()."""
    if not has_request_context():
        return compute()
    memo = request.environ.setdefault(_ENVIRON_KEY, {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget(prefix: str) -> None:
    """Drop every remembered answer whose key starts with prefix (its first element)."""
    if has_request_context():
        memo = request.environ.get(_ENVIRON_KEY, {})
        for key in [k for k in memo if (k[0] if isinstance(k, tuple) else k) == prefix]:
            del memo[key]


def commit_keeping_loaded(session) -> None:
    """Commit without expiring what the request has already loaded. For a read page's own
    small writes (an audit row, a cached figure): the records it was built from were read a
    moment ago in this very request, and expiring them would read the person, their roles and
    every record shown again (two to ten statements) for no fresher answer."""
    session = session() if callable(session) else session
    keep = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = keep
