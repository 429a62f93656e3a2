"""The admin menu: Home and four groups (at most six entries, like every role's menu), each
group a <details> that opens with no JavaScript, the current page marked, every admin page in
a group; and the admin home lists them all."""

from __future__ import annotations

import re

from peertrain.models import Role

GROUPS = {
    "People": ["Users", "Invitations", "Import users", "Approvals"],
    "Teams and supervision": ["Teams", "Supervision assignments", "Manager scopes"],
    "Settings": ["Targets", "Content"],
    "Records": ["Audit log", "Privacy", "Mail outbox"],
}


def _menu(html: str) -> str:
    return re.search(r'<ul class="admin-menu">(.*?)</nav>', html, flags=re.S).group(1)


def test_the_admin_menu_is_home_and_four_groups(client, make, login):
    login(make.user(Role.ADMIN))
    menu = _menu(client.get("/admin/admin_teams/").get_data(as_text=True))
    top = re.findall(r'<a class="admin-top"[^>]*>([^<]+)</a>|<summary>([^<]+)</summary>', menu)
    assert [a or b for a, b in top] == ["Home", *GROUPS]
    for group, pages in GROUPS.items():
        body = re.search(
            rf"<details[^>]*>\s*<summary>{group}</summary>(.*?)</details>", menu, flags=re.S
        ).group(1)
        assert re.findall(r">([^<]+)</a>", body) == pages
    # The current page is marked, and its group shows it is where the page is.
    assert re.search(r'<details class="admin-group" data-current>\s*<summary>Teams and', menu)
    assert re.search(r'aria-current="page">Teams</a>', menu)


def test_the_admin_home_links_every_admin_page(client, make, login):
    login(make.user(Role.ADMIN))
    html = client.get("/admin/").get_data(as_text=True)
    main = html[html.index('<main id="main"') :]
    for group, pages in GROUPS.items():
        assert f"<h2>{group}</h2>" in main
        for name in pages:
            assert f">{name}</a>" in main, name
