"""A manager starts this year's self-assessment for their team, rates part of it (the draft
autosaves as they go), sees the evidence beside an item and the over-rating highlight, and
adds an action to the plan."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from peertrain.clock import today
from peertrain.models import Role
from tests.integration_data import oak_team


def test_manager_completes_part_of_the_assessment(page, make, sign_in):
    oak = oak_team(make)
    manager = make.user(Role.MANAGER, name="Morgan Manager")
    make.scope(manager, oak["team"])
    sign_in(page, manager)
    page.get_by_role("link", name="Self-assessment").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisational self-assessment")
    page.get_by_label("Assess", exact=True).select_option(label="Oak")
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Oak, {today().year}")

    page.get_by_role("link", name="Supervision and support").click()
    item = page.locator("#item-SS-1")
    expect(item).to_contain_text("1 of 4 workers (25.0 %) seen within")
    item.get_by_label(re.compile(r"3 · Embedded")).check()
    item.get_by_label("Comment on SS-1").fill("We think everyone is seen.")
    # Autosave: a draft on the server without pressing Save.
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved", timeout=10000)
    page.reload()
    item = page.locator("#item-SS-1")
    expect(item.get_by_label(re.compile(r"3 · Embedded"))).to_be_checked()
    expect(item.get_by_label("Comment on SS-1")).to_have_value("We think everyone is seen.")
    expect(item.locator(".over-rated")).to_contain_text(
        "Rated 3, higher than the data support (at most 1)"
    )
    page.locator("#item-SS-3").get_by_label(re.compile(r"3 · Embedded")).check()
    page.get_by_role("button", name="Save as a draft").click()

    expect(page.get_by_text("Supervision and support: saved as a draft.")).to_be_visible()
    expect(page.get_by_text("1 item rated higher than the records support")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Supervision and support")
    expect(row).to_contain_text("3.0")
    expect(row).to_contain_text("2 of 5")

    page.get_by_label("Action", exact=True).fill("Book supervision for everyone overdue")
    page.get_by_label("Owner").select_option(label="Morgan Manager")
    page.get_by_label("Due by").fill((today() + timedelta(days=14)).isoformat())
    page.get_by_label("For item (optional)").select_option(value="SS-1")
    page.get_by_role("button", name="Add the action").click()
    plan = page.locator("#plan")
    expect(plan.get_by_role("row").filter(has_text="Book supervision")).to_contain_text("SS-1")
