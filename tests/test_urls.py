"""The remembered url_for (peertrain/urls.py) gives exactly what Flask's gives."""

from __future__ import annotations

import pytest
from flask import url_for as flask_url_for

from peertrain.urls import KEY, url_for

CASES = [
    ("home.index", {}),
    ("static", {"filename": "css/peertrain.css"}),
    ("competency.profile", {"subject_id": 7}),
    ("competency.rate", {"subject_id": 7, "competency": "C3"}),
    ("competency.rate", {"subject_id": 7, "competency": "C 3/ä"}),
    ("notify.index", {"page": True}),
    ("notify.index", {"page": 1}),  # True == 1 as a key, but not as a query string
    ("notify.index", {"page": "1"}),
    ("auth.login", {"next": ["/a", "/b"]}),  # unhashable: goes to Flask
    ("home.index", {"_anchor": "main"}),
    ("home.index", {"_external": True}),
]


@pytest.mark.parametrize("script_root", ["", "/peertrain"])
def test_every_case_matches_flask_twice_over_and_under_an_application_root(app, script_root):
    app.extensions[KEY].clear()
    with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": script_root}):
        for endpoint, values in CASES:
            expected = flask_url_for(endpoint, **values)
            assert url_for(endpoint, **values) == expected
            assert url_for(endpoint, **values) == expected  # from what was kept
        assert url_for("home.index").startswith(f"{script_root}/")
    assert len(app.extensions[KEY]) == 8  # the eight hashable, plain cases


def test_a_blueprint_relative_endpoint_resolves_against_the_request(app):
    with app.test_request_context("/training/"):
        from flask import request

        assert request.blueprint == "training"
        assert url_for(".index") == flask_url_for(".index") == "/training/"
    with app.test_request_context("/competency/"):
        assert url_for(".my_profile") == "/competency/"


def test_templates_use_it(app):
    assert app.jinja_env.globals["url_for"] is url_for


def test_outside_a_request_it_is_flask_s(app):
    app.config["SERVER_NAME"] = "peertrain.example"
    with app.app_context():
        assert url_for("home.index") == flask_url_for("home.index")
