"""A supervisor rates a supervisee from an observation of practice and sees it on the profile."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from peertrain.clock import today


def test_supervisor_rates_a_supervisee_with_an_observation(page, make, sign_in):
    cast = make.competency_cast()
    sign_in(page, cast.supervisor)
    page.get_by_role("link", name="Competencies").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervisee competencies")
    page.get_by_role("link", name="Rate Wren Worker").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rate Wren Worker")

    page.get_by_label("Competency").select_option("CRI-1")
    page.get_by_label("An observation of their practice").check()
    page.get_by_label("3 · Competent").check()
    page.get_by_label("Evidence note").fill("Steady and kind when things escalated.")
    page.get_by_role("button", name="Save rating").click()

    # Nothing observed yet: the form explains, next to the fields, and keeps what was typed.
    expect(page.locator("#observed_on-error")).to_have_text("Enter the date you observed this.")
    expect(page.locator("#attested-error")).to_contain_text("Confirm that you observed")
    expect(page.get_by_label("Evidence note")).to_have_value(
        "Steady and kind when things escalated."
    )
    expect(page.get_by_label("3 · Competent")).to_be_checked()

    observed = today() - timedelta(days=1)
    page.get_by_label("Observed on").fill(observed.isoformat())
    page.get_by_label("Setting").fill("the crisis house lounge")
    page.get_by_label("What you saw").fill("Followed the resident's own safety plan, calmly.")
    page.get_by_label("I observed this practice myself").check()
    page.get_by_role("button", name="Save rating").click()

    expect(page).to_have_url(re.compile(rf"/competency/people/{cast.worker.id}#c-CRI-1$"))
    expect(page.get_by_text("Your rating of Wren Worker for CRI-1 is saved.")).to_be_visible()
    row = page.locator("#c-CRI-1")
    expect(row).to_contain_text("3 · Competent")
    expect(row).to_contain_text("Observation of practice")
    page.get_by_text("History of CRI-1 (1 rating)").click()
    history = page.get_by_role("table", name=re.compile("Every rating of CRI-1"))
    expect(history).to_contain_text("Followed the resident's own safety plan, calmly.")
    expect(history).to_contain_text("attested by Sasha Supervisor")
    expect(history).to_contain_text("Steady and kind when things escalated.")

    # The worker sees the same rating on their own profile.
    page.context.clear_cookies()
    sign_in(page, cast.worker)
    page.goto("/competency/")
    expect(page.locator("#c-CRI-1")).to_contain_text("3 · Competent")
