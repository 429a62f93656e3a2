"""An invited person opens the link from their invitation email, sets a password, lands home."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from peertrain.accounts import invitations
from peertrain.extensions import db
from peertrain.models import Role
from tests.accounts_helpers import LINK, messages


def test_invited_person_sets_password_and_sees_home(app, page, live_url, make):
    app.config["PUBLIC_BASE_URL"] = live_url  # the mailed link points at this live server
    team = make.team("Riverside")
    person = make.user(Role.TRAINEE, team=team, name="Ivy Invited", email="ivy@example.org")
    person.password_hash = None
    db.session.commit()
    invitations.invite(person)
    db.session.commit()
    link = LINK.search(messages("ivy@example.org", "invitation")[0].body_text).group(0)
    assert link.startswith(live_url)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to PeerTrain")
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("New password again").fill("short")
    page.get_by_role("button", name="Set password").click()
    expect(page.locator("#password-error")).to_contain_text("at least 12 characters")

    page.get_by_label("New password", exact=True).fill("willow river lantern")
    page.get_by_label("New password again").fill("willow river lantern")
    page.get_by_role("button", name="Set password").click()
    expect(page).to_have_url(re.compile(r"/trainee$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome, Ivy Invited")

    page.context.clear_cookies()
    page.goto(link)  # the link worked once
    expect(page.get_by_role("heading", level=1)).to_have_text("This link no longer works")


def test_forgotten_password_journey(app, page, live_url, make, sign_in):
    app.config["PUBLIC_BASE_URL"] = live_url
    person = make.user(Role.TRAINEE, name="Rae Reset", email="rae@example.org")
    page.goto("/auth/login")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("Email").fill("rae@example.org")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    link = LINK.search(messages("rae@example.org", "password_reset")[0].body_text).group(0)
    page.goto(link)
    page.get_by_label("New password", exact=True).fill("a fresh harbour morning")
    page.get_by_label("New password again").fill("a fresh harbour morning")
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    sign_in(page, person, password="a fresh harbour morning")
    expect(page).to_have_url(re.compile(r"/trainee$"))
