"""Every page each role can reach passes axe-core (WCAG 2.2 AA and best practice) at 1280 px
and does not scroll sideways at 375 px or 320 px (WCAG 1.4.10); the header menu opens from its
Menu button, without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.role_pages import get_pages
from tests.test_access import world  # noqa: F401  (the access table's fixture)

from . import axe

WIDTHS = (375, 320)
# Pages nobody signed in sees: the access table's anonymous 200s, plus the sign-in page itself.
ANON_EXTRA = ["/auth/login"]


@pytest.mark.parametrize("visitor", ["anon", "trainee", "supervisor", "manager", "admin"])
def test_every_page_passes_axe_and_does_not_scroll_sideways_on_a_phone(
    app,
    world,  # noqa: F811
    browser,
    live_url,
    sign_in,
    visitor,
):
    script = axe.source()
    context = browser.new_context(base_url=live_url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15000)
    page = context.new_page()
    urls = get_pages(app, world, visitor)
    if visitor == "anon":
        urls = ANON_EXTRA + urls
    else:
        sign_in(page, world["people"][visitor])
    failures, checked = [], 0
    try:
        for url in urls:
            response = page.request.get(url)
            if response.status != 200 or "text/html" not in response.headers.get(
                "content-type", ""
            ):
                continue  # downloads and JSON are not pages
            page.set_viewport_size({"width": 1280, "height": 800})
            page.goto(url)
            page.wait_for_load_state()
            checked += 1
            failures += [f"{url}: {v}" for v in axe.violations(page, script)]
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 740})
                wide = page.evaluate(
                    "() => [document.documentElement.scrollWidth, window.innerWidth]"
                )
                if wide[0] > wide[1]:
                    failures.append(f"{url} is {wide[0]} px wide at {width} px")
    finally:
        context.close()
    assert checked >= 3, f"only {checked} pages checked for {visitor}"
    assert not failures, f"{visitor}: {len(failures)} failures:\n" + "\n".join(failures)


def test_the_menu_collapses_on_a_phone_and_opens_without_javascript(
    app,
    world,  # noqa: F811
    browser,
    live_url,
):
    user = world["people"]["supervisor"]
    context = browser.new_context(
        base_url=live_url, viewport={"width": 375, "height": 740}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/auth/login")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto("/supervision/")
        nav = page.get_by_role("navigation", name="Main")
        expect(nav).to_be_hidden()
        menu = page.locator("summary", has_text="Menu")
        expect(menu).to_be_visible()
        box = menu.bounding_box()
        assert box and box["height"] >= 44
        menu.focus()
        page.keyboard.press("Enter")
        expect(nav).to_be_visible()
        current = nav.locator('[aria-current="page"]')
        expect(current).to_have_text("Supervisees")
        expect(page.get_by_role("link", name="My data")).to_be_visible()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        # Wide screens: no Menu button, the links are shown at once.
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto("/supervision/")
        expect(page.locator("summary", has_text="Menu")).to_be_hidden()
        expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    finally:
        context.close()
