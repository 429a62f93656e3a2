"""Security headers on every response and no-store on pages with personal records."""

from __future__ import annotations

from peertrain.models import Role


def test_security_headers_on_public_page(client):
    response = client.get("/auth/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_personal_pages_are_not_cached(client, make, login):
    login(make.user())
    response = client.get("/trainee")
    assert response.headers["Cache-Control"] == "no-store"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_static_files_may_be_cached(client):
    with client.get("/static/css/peertrain.css") as response:
        assert response.status_code == 200
        assert "no-store" not in response.headers.get("Cache-Control", "")


def test_pages_load_nothing_from_outside(client, make, login):
    login(make.user(Role.TRAINEE, Role.SUPERVISOR, Role.MANAGER))
    for path in ["/auth/login", "/trainee", "/supervisor", "/manager"]:
        body = client.get(path).get_data(as_text=True)
        assert "http://" not in body.replace("http://www.w3.org", "")
        assert "https://" not in body
