"""On a 375 px phone: a peer worker logs a role-drift entry in a few taps, then rates a held
session against peer values; their supervisor reads the log entry in supervision."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models import DriftEntry, SuperviseeValuesRating
from tests.browser.menu import open_menu

PHONE = {"width": 375, "height": 800}


def _widest_in_main(page) -> float:
    return page.evaluate(
        "Math.max(...[...document.querySelectorAll('main *')]"
        ".map(e => e.getBoundingClientRect().right))"
    )


def _sign_out(page):
    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_worker_logs_drift_and_rates_a_session_on_a_phone(page, make, sign_in):
    from peertrain.models import Role

    team = make.team("Riverside")
    sup = make.user(Role.SUPERVISOR, team=team, name="Sol Supervisor")
    worker = make.user(Role.TRAINEE, team=team, name="Tara Trainee")
    make.assign(sup, worker)
    sess = make.session(sup, worker)
    page.set_viewport_size(PHONE)
    sign_in(page, worker)

    page.goto("/integration/drift")
    expect(page.get_by_role("heading", level=1)).to_have_text("My role-drift log")
    assert _widest_in_main(page) <= PHONE["width"]
    # Three taps and save: the day is already today.
    page.get_by_role("group", name="What were you asked to do?").get_by_label(
        "Escorting as security"
    ).check()
    page.get_by_role("group", name="Who asked you?").get_by_label("A nurse").check()
    page.get_by_role("group", name="Did you do it?").get_by_label("Partly").check()
    page.get_by_label("Private note (optional)").fill("Walked a man to the ward door.")
    page.get_by_role("button", name="Save to my log").click()
    expect(page.get_by_text("Logged.")).to_be_visible()
    expect(page.locator(".drift-entries")).to_contain_text("Escorting as security")
    expect(page.locator(".drift-entries")).to_contain_text("Walked a man to the ward door.")
    assert _widest_in_main(page) <= PHONE["width"]
    assert db.session.scalar(select(DriftEntry.note)) == "Walked a man to the ward door."

    # Secondary pages are cards on the role's home, not menu items (issue 18).
    open_menu(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    page.get_by_role("link", name="Rate sessions: peer values").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rate my supervision")
    page.get_by_role("link", name=re.compile("^Rate it")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Rate this session against peer values"
    )
    assert _widest_in_main(page) <= PHONE["width"]
    for value, score in (("Mutual", "4"), ("Shared power", "3"), ("Transparent", "5"),
                         ("Strengths-focused", "4"), ("Person-driven", "2")):  # fmt: skip
        page.get_by_role("group", name=value).get_by_label(re.compile(f"^{score} ")).check()
    page.get_by_label("Comment (optional)").fill("More room for my agenda, please.")
    page.get_by_label("Share this comment with my supervisor, without my name").check()
    page.get_by_role("button", name="Save my rating").click()
    expect(page.get_by_text("your rating is saved")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Rated: change it"))).to_be_visible()
    row = db.session.scalar(select(SuperviseeValuesRating))
    assert (row.session_id, row.person_driven, row.share_comment) == (sess.id, 2, True)
    _sign_out(page)

    sign_in(page, sup)
    page.goto("/supervisor")
    page.get_by_role("link", name="Role-drift logs").click()
    page.get_by_role("link", name="Tara Trainee").click()
    expect(page.get_by_role("table", name="Entries, newest first")).to_contain_text(
        "Walked a man to the ward door."
    )
    open_menu(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Peer values").click()
    expect(page.get_by_text("More room for my agenda, please.")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Tara")
    expect(page.locator("main")).to_contain_text("Not enough responses yet")
