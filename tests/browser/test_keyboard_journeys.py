"""Each role's core task done with the keyboard alone: a peer worker starts their next module,
a supervisor records a session, a manager follows a finding to its evidence, an admin adds a
person (and goes on to choose their supervisor)."""

from __future__ import annotations

from playwright.sync_api import expect

from peertrain.models import Role
from tests.factories import PASSWORD

from .keyboard import follow, sign_in, tab_to


def test_a_peer_worker_starts_their_next_module_by_keyboard(page, make):
    module = make.module("first-steps", title="First steps in peer support", sections=2)
    make.pathway(module)
    worker = make.user(Role.TRAINEE, name="Tara Trainee")
    make.assign(make.user(Role.SUPERVISOR), worker)
    sign_in(page, worker.email, PASSWORD)
    tab_to(page, r"^Start First steps in peer support")
    follow(page, "Enter")
    expect(page.get_by_role("heading", name="Part 1")).to_be_visible()
    tab_to(page, r"^Continue$")
    follow(page, "Enter")
    expect(page.get_by_role("heading", name="Part 2")).to_be_visible()


def test_a_supervisor_records_a_session_by_keyboard(page, make):
    team = make.team("Riverside")
    sup = make.user(Role.SUPERVISOR, team=team, name="Sol Supervisor")
    make.assign(sup, make.user(Role.TRAINEE, team=team, name="Tara Trainee"))
    sign_in(page, sup.email, PASSWORD)
    tab_to(page, r"^Record a session$")
    follow(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a supervision session")
    tab_to(page, r"^Tara Trainee")
    page.keyboard.press("Space")
    tab_to(page, r"^Length in minutes")
    page.keyboard.press("Control+A")
    page.keyboard.type("60")
    tab_to(page, r"^What happened")
    page.keyboard.type("We talked through a hard week and what helped.")
    tab_to(page, r"^Save session$")
    follow(page, "Enter")
    expect(page.get_by_text("Session recorded.")).to_be_visible()
    expect(page.get_by_text("We talked through a hard week and what helped.")).to_be_visible()


def test_a_manager_follows_a_finding_to_its_evidence_by_keyboard(page, make):
    team = make.team("Harbour")
    make.user(Role.TRAINEE, team=team, name="Una Unassigned", is_peer=True)
    manager = make.user(Role.MANAGER, name="Mina Manager")
    make.scope(manager, team)
    sign_in(page, manager.email, PASSWORD)
    page.goto("/reports/")
    tab_to(page, r"No current supervisor")
    page.keyboard.press("Enter")  # opens the finding's folded detail
    tab_to(page, r"(?i)^(see|show|open).*(evidence|who)|evidence")
    follow(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("upervis")
    expect(page.get_by_text("Una Unassigned")).to_be_visible()


def test_an_admin_adds_a_peer_worker_and_chooses_their_supervisor_by_keyboard(page, make):
    admin = make.user(Role.ADMIN, name="Ada Admin")
    make.user(Role.SUPERVISOR, name="Sol Supervisor")
    sign_in(page, admin.email, PASSWORD)
    page.goto("/admin/admin_users/new/")
    tab_to(page, r"^Name")
    page.keyboard.type("Nia New")
    tab_to(page, r"^Email")
    page.keyboard.type("nia@example.org")
    tab_to(page, r"^Save$")
    follow(page, "Enter")
    expect(page.get_by_text("Next: choose who supervises Nia New.")).to_be_visible()
    tab_to(page, r"^Supervisor")
    page.keyboard.type("Sol")  # a native select picks the option typed
    tab_to(page, r"^Start date")
    page.keyboard.type("11022026")  # the date input reads mm/dd/yyyy in en-US Chromium
    tab_to(page, r"^Save$")
    follow(page, "Enter")
    expect(page.get_by_text("Record was successfully created.")).to_be_visible()
