"""Every HTML page each role can GET, from the access table and its `world` (shared by the
navigation, date-format and reflow tests)."""

from __future__ import annotations

from tests import test_access as access

# Not pages a person reads: static files, downloads and Flask-Admin's JSON lookups.
SKIP_PREFIXES = ("/static/", "/admin/static/")


def get_pages(app, world, visitor: str) -> list[str]:
    """URLs of the GET rules the table says `visitor` gets 200 on, filled from the world."""
    urls = []
    for (method, rule), expected in sorted(access.ACCESS.items()):
        if method != "GET" or expected[visitor] != 200 or rule.startswith(SKIP_PREFIXES):
            continue
        urls.append(access._fill(rule, world["params"]))
    return urls


def signed_in_client(app, user):
    client = app.test_client()
    client.post("/auth/login", data={"email": user.email, "password": access_password()})
    return client


def access_password() -> str:
    from tests.factories import PASSWORD

    return PASSWORD


def html_pages(app, world, visitor: str) -> dict[str, str]:
    """url -> rendered HTML, for the GET pages of `visitor` that answer with an HTML page."""
    client = signed_in_client(app, world["people"][visitor])
    pages = {}
    for url in get_pages(app, world, visitor):
        response = client.get(url)
        if response.status_code == 200 and response.mimetype == "text/html":
            pages[url] = response.get_data(as_text=True)
        response.close()
    return pages
