"""Structured logging: a request id on every line, one access line per request, no bodies."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid

from flask import Flask, Response, g, has_request_context, request
from sqlalchemy import inspect

# A proxy's id is only trusted when we trust the proxy (PROXY_FIX_HOPS), and only in a shape
# that cannot smuggle anything into a log line.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# Probes hit these every few seconds: logged at DEBUG so they do not drown the access log.
QUIET_PATHS = ("/healthz", "/readyz")
access_log = logging.getLogger("peertrain.access")


def request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line, for a log shipper; tracebacks kept in one field."""

    FIELDS = ("method", "route", "status", "duration_ms", "user_id")

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        line |= {k: getattr(record, k) for k in self.FIELDS if hasattr(record, k)}
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


def configure(app: Flask) -> None:
    """One handler on the root logger (stderr, which gunicorn and systemd collect)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    is_json = app.config.get("LOG_FORMAT") == "json"
    handler.setFormatter(JsonFormatter() if is_json else logging.Formatter(TEXT_FORMAT))
    handler.set_name("peertrain")
    root = logging.getLogger()
    # Building several apps in one process (tests) must not stack handlers.
    for old in [h for h in root.handlers if h.get_name() == "peertrain"]:
        root.removeHandler(old)
    if not app.config.get("TESTING"):
        root.addHandler(handler)
    level = getattr(logging, app.config.get("LOG_LEVEL", "INFO"), logging.INFO)
    for name in ("peertrain", app.logger.name):
        logging.getLogger(name).setLevel(level)
    # Flask's own handler would print each error a second time, without the request id.
    app.logger.handlers.clear()
    app.logger.propagate = True
    _register_request_hooks(app)


def _register_request_hooks(app: Flask) -> None:
    trust_proxy = bool(app.config.get("PROXY_FIX_HOPS"))

    @app.before_request
    def _start() -> None:
        given = request.headers.get("X-Request-ID", "") if trust_proxy else ""
        g.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _access(response: Response) -> Response:
        response.headers["X-Request-ID"] = g.get("request_id", "")
        log_access(response.status_code)
        return response


def _user_id() -> int | None:
    """The signed-in person's id, from the identity map: never a query (the request may be
    failing because the database is down)."""
    user = g.get("_login_user")
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    state = inspect(user, raiseerr=False)
    return state.identity[0] if state is not None and state.identity else None


def log_access(status: int) -> None:
    """The route's rule (`/supervision/sessions/<int:session_id>`), never the query string or
    a body: either can carry a person's name or words."""
    started = g.get("request_started")
    duration = round((time.perf_counter() - started) * 1000, 1) if started else None
    route = request.url_rule.rule if request.url_rule else "(no route)"
    user_id = _user_id()
    level = logging.DEBUG if request.path in QUIET_PATHS else logging.INFO
    access_log.log(
        level,
        "%s %s %s %sms",
        request.method,
        route,
        status,
        duration,
        extra={
            "method": request.method,
            "route": route,
            "status": status,
            "duration_ms": duration,
            "user_id": user_id,
        },
    )
