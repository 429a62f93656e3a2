"""The header menu: at most six distinct items per role, and every page a role's menu no longer
lists is still a link away (from the role's home or a menu page)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from peertrain import nav
from peertrain.models import Role
from tests.role_pages import html_pages, signed_in_client
from tests.test_access import world  # noqa: F401  (the access table's fixture)

ROLES = ("trainee", "supervisor", "manager", "admin")
HOME = {
    "trainee": "/trainee",
    "supervisor": "/supervisor",
    "manager": "/manager",
    "admin": "/admin/",
}
# Flask-Admin pages have their own layout; the admin's site menu shows on the app's own pages.
MENU_PAGE = HOME | {"admin": "/my-data/"}


class _Links(HTMLParser):
    """Links (href, text) of the main navigation, and every href on the page."""

    def __init__(self):
        super().__init__()
        self.menu, self.hrefs = [], set()
        self._in_nav = self._href = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "nav" and a.get("aria-label") == "Main":
            self._in_nav = True
        if tag == "a" and a.get("href"):
            self.hrefs.add(a["href"].split("#")[0])
            if self._in_nav:
                self._href, self._text = a["href"], ""

    def handle_data(self, data):
        if self._href:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "a" and self._href:
            self.menu.append((self._href, " ".join(self._text.split())))
            self._href = None
        if tag == "nav":
            self._in_nav = False


def _parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("visitor", ROLES)
def test_menu_has_at_most_six_distinct_items(app, world, visitor):  # noqa: F811
    client = signed_in_client(app, world["people"][visitor])
    html = client.get(MENU_PAGE[visitor]).get_data(as_text=True)
    menu = _parse(html).menu
    labels = [label for _, label in menu]
    assert menu, f"{visitor} sees no menu"
    assert len(menu) <= nav.MENU_LIMIT, f"{visitor} menu has {len(menu)} items: {labels}"
    assert len(set(labels)) == len(labels), f"{visitor} menu repeats a label: {labels}"
    assert len({href for href, _ in menu}) == len(menu), f"{visitor} menu repeats a page: {menu}"
    # No near-twins: no label is another with "My " in front.
    bare = {re.sub(r"^my ", "", label.lower()) for label in labels}
    assert len(bare) == len(labels), f"{visitor} menu has near-twin labels: {labels}"
    # My data is with the account links, for everyone.
    assert 'href="/my-data/"' in html or "/my-data" in html


@pytest.mark.parametrize("visitor", ROLES)
def test_every_page_of_the_role_is_a_link_from_home_or_a_menu_page(app, world, visitor):  # noqa: F811
    role = Role(visitor)
    client = signed_in_client(app, world["people"][visitor])
    home = _parse(client.get(HOME[visitor]).get_data(as_text=True))
    linked = set(home.hrefs)
    for href, _ in _parse(client.get(MENU_PAGE[visitor]).get_data(as_text=True)).menu:
        linked |= _parse(client.get(href).get_data(as_text=True)).hrefs
    with app.test_request_context():
        from flask import url_for

        wanted = {url_for(i.endpoint) for i in nav.ITEMS if i.role == role}
    missing = wanted - linked
    assert not missing, f"{visitor} cannot reach {sorted(missing)} by a link from home or the menu"


def test_menu_labels_for_each_role(app, world):  # noqa: F811
    menus = {}
    for visitor in ROLES:
        client = signed_in_client(app, world["people"][visitor])
        menus[visitor] = [
            label for _, label in _parse(client.get(MENU_PAGE[visitor]).get_data(as_text=True)).menu
        ]
    assert menus["trainee"][:3] == ["Home", "Training", "Supervision"]
    assert "Certification" in menus["trainee"] and "Competencies" in menus["trainee"]
    assert menus["supervisor"][:3] == ["Home", "Supervisees", "Record a session"]
    assert "My training" not in menus["supervisor"]
    assert menus["manager"][:2] == ["Home", "Reports"]
    assert menus["admin"][0] == "Admin"


def test_a_supervisor_who_is_also_a_trainee_gets_the_supervisor_menu_and_my_training(app, make):
    team = make.team("Dual team")
    both = make.user(Role.SUPERVISOR, Role.TRAINEE, team=team)
    client = signed_in_client(app, both)
    html = client.get("/supervisor").get_data(as_text=True)
    menu = _parse(html).menu
    labels = [label for _, label in menu]
    assert labels[:3] == ["Home", "Supervisees", "Record a session"]
    assert ("/trainee", "My training") in menu
    assert len(labels) <= nav.MENU_LIMIT + 1 and len(set(labels)) == len(labels)


def test_the_current_page_is_marked_in_the_menu(app, world):  # noqa: F811
    client = signed_in_client(app, world["people"]["trainee"])
    html = client.get("/training/").get_data(as_text=True)
    assert re.search(r'<a href="/training/"\s+aria-current="page">Training</a>', html)
    assert '<details class="nav-menu">' in html and "<summary>Menu</summary>" in html


def test_role_pages_helper_finds_html_pages(app, world):  # noqa: F811
    pages = html_pages(app, world, "trainee")
    assert "/trainee" in pages and "/training/" in pages
