"""Each role signs in through a real browser and lands on its own home page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from peertrain.models import Role


def test_each_role_lands_on_its_home(page, make, sign_in):
    team = make.team("Riverside")
    people = {
        "trainee": (
            make.user(Role.TRAINEE, team=team, name="Tara Trainee"),
            "/trainee",
            "Welcome, Tara Trainee",
        ),
        "supervisor": (
            make.user(Role.SUPERVISOR, team=team, name="Sol Supervisor"),
            "/supervisor",
            "Supervision",
        ),
        "manager": (make.user(Role.MANAGER, name="Mo Manager"), "/manager", "Your teams"),
        "admin": (make.user(Role.ADMIN, name="Ada Admin"), "/admin/", "PeerTrain administration"),
    }
    make.assign(people["supervisor"][0], people["trainee"][0])
    for user, path, heading in people.values():
        sign_in(page, user)
        expect(page).to_have_url(re.compile(re.escape(path) + "$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        page.context.clear_cookies()


def test_wrong_password_shows_message_next_to_field(page, make, sign_in):
    user = make.user(Role.TRAINEE)
    sign_in(page, user, password="not my password at all")
    expect(page.locator("#password-error")).to_contain_text("do not match")
    expect(page.get_by_label("Email")).to_have_value(user.email)


def test_sign_out_from_header(page, make, sign_in):
    user = make.user(Role.TRAINEE)
    sign_in(page, user)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.goto("/trainee")
    expect(page).to_have_url(re.compile(r"/auth/login"))
