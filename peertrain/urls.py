"""url_for for templates, remembered: every page builds the same few dozen links each time.

Flask builds a URL from the rule map on each call (about 15 µs here); a page with its menu,
header and a row of links per competency made a hundred calls. The same endpoint and values
under the same application root always give the same relative URL in this app (no
url_defaults, no host or subdomain rules), so the answer is kept per app. Anything else
(`_external`, `_anchor` and the like, unhashable values, no request) goes to Flask."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request
from flask import url_for as flask_url_for

KEY = "peertrain.urls"
LIMIT = 4096  # distinct links kept per process before starting again (ids vary per row)


def url_for(endpoint: str, **values) -> str:
    if not has_request_context() or any(name[:1] == "_" for name in values):
        return flask_url_for(endpoint, **values)
    if endpoint[:1] == ".":  # relative to the request's blueprint, as Flask resolves it
        blueprint = request.blueprint
        endpoint = f"{blueprint}{endpoint}" if blueprint else endpoint[1:]
    # The type is part of the key: True == 1 as a key, but they build different query strings.
    key = (endpoint, request.script_root, *((k, type(v), v) for k, v in sorted(values.items())))
    try:
        kept = current_app.extensions[KEY]
        url = kept.get(key)
    except TypeError:  # an unhashable value (a list for a repeated query argument)
        return flask_url_for(endpoint, **values)
    if url is None:
        url = flask_url_for(endpoint, **values)
        if len(kept) >= LIMIT:
            kept.clear()
        kept[key] = url
    return url


def register(app: Flask) -> None:
    app.extensions[KEY] = {}
    app.jinja_env.globals["url_for"] = url_for
