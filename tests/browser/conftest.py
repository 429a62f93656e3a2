"""A live server in a thread and a Playwright page on Debian's Chromium (never a downloaded one)."""

from __future__ import annotations

import os
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("PEERTRAIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import expect, sync_playwright

    # Assertions wait up to 15 s, not Playwright's 5: on a 2-core CI machine a page can take
    # seconds to render while the server thread shares a core, and that is not a failure.
    expect.set_options(timeout=15_000)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def live_url(app):
    """Serve the test app on a free loopback port for the length of one test."""
    app.config["SERVER_NAME"] = None
    server = make_server("127.0.0.1", 0, _buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


def _buffered(app):
    """Each response read whole before it is sent: when a browser drops a connection mid-file
    (a page left while a script loads), werkzeug's server never closes the file it was
    sending, and the leaked handle fails the test as an unraisable ResourceWarning."""

    def wsgi(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return wsgi


@pytest.fixture
def page(browser, live_url):
    context = browser.new_context(base_url=live_url)
    page = context.new_page()
    external = []
    # No page may load anything from outside the app.
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith(live_url) or r.url.startswith("data:")
            else external.append(r.url)
        ),
    )
    yield page
    context.close()
    assert not external, f"pages requested outside resources: {external}"


@pytest.fixture
def sign_in():
    from tests.factories import PASSWORD

    def _sign_in(page, user, password: str = PASSWORD):
        page.goto("/auth/login")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()

    return _sign_in
