"""An admin deletes a team in a real browser under the CSP: asked first, with or without
JavaScript, and a team with people is refused with a message."""

from __future__ import annotations

from playwright.sync_api import expect

from peertrain.extensions import db
from peertrain.models import Role, Team


def _exists(team_id: int) -> bool:
    db.session.expire_all()
    return db.session.get(Team, team_id) is not None


def _delete_button(page, name: str):
    row = page.locator("tr", has_text=name)
    return row.get_by_title("Delete Record")


def test_delete_asks_in_the_page_and_the_csp_blocks_nothing(page, make, sign_in):
    csp_errors = []
    page.on(
        "console",
        lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    sign_in(page, make.user(Role.ADMIN))
    empty, busy = make.team("Empty team"), make.team("Busy team")
    make.user(team=busy, name="Bea Busy")
    page.goto("/admin/admin_teams/")
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    _delete_button(page, "Empty team").click()
    page.wait_for_timeout(300)
    assert asked == ["Delete this record? This cannot be undone."]
    assert _exists(empty.id)  # cancelled: nothing sent
    page.once("dialog", lambda d: d.accept())
    _delete_button(page, "Empty team").click()
    expect(page.locator("body")).to_contain_text("Record was successfully deleted.")
    assert not _exists(empty.id)
    page.once("dialog", lambda d: d.accept())
    _delete_button(page, "Busy team").click()
    expect(page.locator("body")).to_contain_text(
        "Team Busy team was not deleted: it still has 1 person."
    )
    assert _exists(busy.id)
    assert csp_errors == []


def test_without_javascript_the_server_asks_first(browser, live_url, make):
    from tests.factories import PASSWORD

    context = browser.new_context(base_url=live_url, java_script_enabled=False)
    page = context.new_page()
    admin = make.user(Role.ADMIN)
    team = make.team("No script team")
    page.goto("/auth/login")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/admin/admin_teams/")
    _delete_button(page, "No script team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete team No script team?")
    expect(page.locator("body")).to_contain_text("This cannot be undone.")
    assert _exists(team.id)
    page.get_by_role("button", name="Confirm: delete No script team").click()
    expect(page.locator("body")).to_contain_text("Record was successfully deleted.")
    assert not _exists(team.id)
    context.close()
