"""A supervisor records a session with a flag and an action; the supervisee acknowledges it."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import update

from peertrain.clock import today, utcnow
from peertrain.extensions import db
from peertrain.models import Role, UserSession
from tests.factories import PASSWORD

NOTE = "Tara talked about being asked to escort people to appointments instead of peer work."


def _people(make):
    team = make.team("Riverside")
    sup = make.user(Role.SUPERVISOR, team=team, name="Sol Supervisor")
    worker = make.user(Role.TRAINEE, team=team, name="Tara Trainee")
    make.assign(sup, worker)
    return sup, worker


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_record_with_flag_and_action_then_supervisee_acknowledges(page, make, sign_in):
    sup, worker = _people(make)
    sign_in(page, sup)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Record a session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a supervision session")

    page.get_by_role("group", name="Supervisees").get_by_label("Tara Trainee").check()
    page.get_by_label("Length in minutes").fill("75")
    page.get_by_role("group", name="Setting").get_by_label("Remote").check()
    page.get_by_role("group", name="Topics").get_by_label("Role clarity").check()
    page.get_by_label("What happened").fill(NOTE)
    page.get_by_label("What it meant").fill("The pull to act like staff costs trust.")
    page.get_by_label("What next").fill("Tara will write a one-line role statement.")
    action = page.get_by_role("group", name="Action 1")
    action.get_by_label("Action", exact=True).fill("Write a one-line role statement")
    action.get_by_label("Owner").select_option(label="Tara Trainee")
    action.get_by_label("Due by").fill((today() + timedelta(days=14)).isoformat())
    flag = page.get_by_role("group", name="Flag 1")
    flag.get_by_label("Kind of flag").select_option(label="Role drift")
    flag.get_by_label("Summary for managers (optional)").fill("Used for escorts most shifts.")
    page.get_by_role("button", name="Save session").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Supervision session")
    expect(page.get_by_text("Session recorded.")).to_be_visible()
    flags = page.get_by_role("table", name="Flags raised in this session")
    expect(flags).to_contain_text("Role drift")
    expect(flags).to_contain_text("Used for escorts most shifts.")
    expect(page.get_by_role("table", name="Who has acknowledged this record")).to_contain_text(
        "Not yet"
    )
    session_url = page.url
    _sign_out(page)

    sign_in(page, worker)
    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_role("link", name="Supervision", exact=True).click()
    expect(page.get_by_role("table", name="Action items you own, open ones first")).to_contain_text(
        "Write a one-line role statement"
    )
    page.get_by_role("table", name="Sessions you took part in, newest first").get_by_role(
        "link"
    ).first.click()
    expect(page.get_by_text(NOTE)).to_be_visible()
    expect(page.get_by_role("table", name="Flags raised in this session")).to_contain_text(
        "Role drift"
    )
    page.get_by_role("button", name="Acknowledge this record").click()
    expect(page.get_by_text("You acknowledged this record on")).to_be_visible()
    page.get_by_role("button", name=re.compile("Mark done")).click()
    expect(page.get_by_role("table", name="Action items from this session")).to_contain_text("Done")
    _sign_out(page)

    sign_in(page, sup)
    page.goto(session_url)
    acks = page.get_by_role("table", name="Who has acknowledged this record")
    expect(acks).to_contain_text("UTC")
    expect(acks).not_to_contain_text("Not yet")


def test_autosaved_draft_comes_back_and_can_be_discarded(page, make, sign_in):
    sup, _ = _people(make)
    sign_in(page, sup)
    page.goto("/supervision/sessions/new")
    page.get_by_label("What happened").fill("A draft that must survive a closed tab")
    page.get_by_label("What it meant").focus()  # leaving the box saves the draft
    expect(page.locator("#draft-status-new")).to_contain_text("Draft saved at")

    page.goto("/supervision/")
    page.goto("/supervision/sessions/new")
    expect(page.get_by_text("Draft restored.")).to_be_visible()
    expect(page.get_by_label("What happened")).to_have_value(
        "A draft that must survive a closed tab"
    )
    page.get_by_role("button", name="Discard draft").click()
    expect(page.get_by_text("Draft discarded.")).to_be_visible()
    expect(page.get_by_label("What happened")).to_have_value("")


def test_add_another_action_row_keeps_what_was_typed(page, make, sign_in):
    sup, _ = _people(make)
    sign_in(page, sup)
    page.goto("/supervision/sessions/new")
    page.get_by_label("What happened").fill("Typed before adding a row")
    page.get_by_role("button", name="Add another action").click()
    expect(page.get_by_role("group", name="Action 4")).to_be_visible()
    expect(page.get_by_label("What happened")).to_have_value("Typed before adding a row")


def test_login_ending_mid_note_keeps_the_text_through_signing_in_again(page, make, sign_in):
    sup, _ = _people(make)
    sign_in(page, sup)
    page.goto("/supervision/sessions/new")
    page.get_by_label("What happened").fill("Written over a long, interrupted afternoon")
    db.session.execute(
        update(UserSession).values(last_seen_at=utcnow() - timedelta(hours=2))
    )  # the login times out while the supervisor is still writing
    db.session.commit()
    page.get_by_label("What it meant").focus()
    status = page.locator("#draft-status-new")
    expect(status).to_contain_text("your login has ended")
    status.get_by_role("link", name=re.compile("sign in again")).click()
    page.get_by_label("Email").fill(sup.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Draft restored.")).to_be_visible()
    expect(page.get_by_label("What happened")).to_have_value(
        "Written over a long, interrupted afternoon"
    )
