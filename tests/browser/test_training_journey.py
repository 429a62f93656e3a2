"""A trainee reads a module, fails then passes its check, reflects, and sees it completed."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from peertrain.models import Role


def answer(page, choices: list[str]) -> None:
    for label in choices:
        page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Check my answers").click()


def test_trainee_completes_a_module(page, make, sign_in):
    module = make.module("first-steps", title="First steps in peer support", sections=2)
    make.pathway(module)
    supervisor = make.user(Role.SUPERVISOR, name="Sol Supervisor")
    trainee = make.user(Role.TRAINEE, name="Tara Trainee")
    make.assign(supervisor, trainee)
    sign_in(page, trainee)

    page.get_by_role("link", name="Training", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My training")
    expect(page.get_by_text("0 of 1")).to_be_visible()
    # The page leads with the next module: its button comes first, before the table's link.
    page.locator("#training-next").get_by_role(
        "link", name="Start First steps in peer support"
    ).click()

    # Read section by section; each Continue is saved on the server.
    expect(page.get_by_role("heading", name="Part 1")).to_be_visible()
    expect(page.get_by_text("Section 1 of 2")).to_be_visible()
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page.get_by_role("heading", name="Part 2")).to_be_visible()
    page.get_by_role("button", name="Continue to the knowledge check").click()

    # First attempt: four wrong single answers and one right pair.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Knowledge check")
    expect(page.get_by_text("Secret explanation 1")).to_have_count(0)
    answer(page, ["Choice 1A", "Choice 2A", "Choice 3A", "Choice 4B", "Choice 5A", "Choice 5C"])
    expect(page.get_by_text("Not passed yet.")).to_be_visible()
    expect(page.get_by_text("You scored 40%")).to_be_visible()
    expect(page.get_by_text("Secret explanation 1: why the keyed choice is best.")).to_be_visible()

    # Retry and pass.
    page.get_by_role("link", name="Try the knowledge check again").click()
    answer(page, ["Choice 1B", "Choice 2B", "Choice 3B", "Choice 4B", "Choice 5A", "Choice 5C"])
    expect(page.get_by_text("Passed.", exact=True)).to_be_visible()
    expect(page.get_by_text("You have completed this module.")).to_be_visible()

    # Reflect, and submit it to the supervisor.
    page.get_by_role("link", name="Go on to the reflections").click()
    expect(page.get_by_text("Sol Supervisor")).to_be_visible()
    box = page.get_by_label("What did you notice about yourself?")
    box.fill("I noticed I wanted to fix things rather than listen.")
    page.locator("#prompt-r1").get_by_role("button", name="Submit to my supervisor").click()
    expect(page.get_by_role("status")).to_contain_text("Submitted")
    expect(page.get_by_label("What did you notice about yourself?")).to_have_value(
        "I noticed I wanted to fix things rather than listen."
    )

    # My training now shows the module completed, with its completion record.
    page.get_by_role("link", name="Training", exact=True).first.click()
    row = page.get_by_role("row", name=re.compile("First steps in peer support"))
    expect(row).to_contain_text("Completed")
    expect(page.get_by_text("1 of 1")).to_be_visible()
    row.get_by_role("link", name=re.compile("Completion record")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record of completion")
    expect(page.locator(".certificate")).to_contain_text("Tara Trainee")
    expect(page.get_by_role("button", name="Print this record")).to_be_visible()


def test_reflection_text_survives_a_failed_submit(page, make, sign_in):
    module = make.module("keep-text", title="Keeping words", sections=1)
    make.pathway(module)
    sign_in(page, make.user(Role.TRAINEE))
    page.goto("/training/keep-text/reflections")
    long_text = "I keep writing. " * 400
    page.get_by_label("What will you do differently?").fill(long_text)
    page.locator("#prompt-r2").get_by_role("button", name="Submit to my supervisor").click()
    expect(page.locator("#p1-text-error")).to_contain_text("under 5,000 characters")
    expect(page.get_by_label("What will you do differently?")).to_have_value(long_text)
