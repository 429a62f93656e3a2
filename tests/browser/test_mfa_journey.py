"""A manager, whose role needs two-step sign-in, enrols at first sign-in and signs in by code."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from peertrain.models import Role
from tests.browser.menu import open_menu
from tests.factories import PASSWORD


def _widest_in_main(page) -> float:
    return page.evaluate(
        "Math.max(...[...document.querySelectorAll('main *')]"
        ".map(e => e.getBoundingClientRect().right))"
    )


@pytest.fixture
def config_overrides():
    # What production does by default (MFA_REQUIRED_ROLES=admin,manager).
    return {"ENV_NAME": "production", "MFA_REQUIRED_ROLES": ("admin", "manager")}


def test_manager_enrols_then_signs_in_with_a_code(page, make, sign_in):
    manager = make.user(Role.MANAGER, name="Mo Manager")
    make.scope(manager)
    page.set_viewport_size({"width": 320, "height": 900})  # the narrowest phone we support
    sign_in(page, manager)

    # Sent to enrol first; any other page sends them back.
    expect(page).to_have_url(re.compile(r"/auth/mfa/setup$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    page.goto("/manager")
    expect(page).to_have_url(re.compile(r"/auth/mfa/setup$"))
    qr = page.get_by_role("img", name=re.compile("QR code"))
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    assert _widest_in_main(page) <= 320  # nothing of the page's own needs sideways scrolling
    secret = page.locator("#mfa-secret").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)

    # A mistyped code is refused next to the field, and what was typed stays.
    page.get_by_label("Code from the app").fill("000000" if totp.now() != "000000" else "111111")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.locator("#code-error")).to_contain_text("does not match")

    page.get_by_label("Code from the app").fill(totp.now())
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.get_by_role("list", name="Recovery codes").locator("li")).to_have_count(10)
    assert _widest_in_main(page) <= 320
    page.get_by_role("link", name="I have saved them, continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your teams")

    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, manager)
    expect(page).to_have_url(re.compile(r"/auth/mfa/verify$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    # The step used to enrol cannot be used again: the next one can.
    page.get_by_label("Code", exact=True).fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/manager$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your teams")
