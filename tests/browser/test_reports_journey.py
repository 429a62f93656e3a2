"""A manager opens the gap findings, follows one to the people behind it, and filters."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from peertrain.models import Role
from tests.reports_data import END, START, small_org


def test_manager_follows_a_finding_to_its_evidence(page, make, sign_in):
    small_org(make)
    manager = make.user(Role.MANAGER, name="Morgan Manager")
    make.scope(manager)
    sign_in(page, manager)
    page.get_by_role("link", name="Reports").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gap findings")
    page.get_by_label("From").fill(START.isoformat())
    page.get_by_label("To").fill(END.isoformat())
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("period 1 Apr 2025 to 30 Jun 2025", exact=False)).to_be_visible()

    finding = page.locator("li.finding").filter(has_text="Supervisor over ratio")
    expect(finding).to_contain_text("Priya Supervisor (0.4 FTE) supervises 4 workers")
    expect(finding).to_contain_text("Medium")
    finding.locator("summary").click()  # the compact list keeps each finding's detail folded
    finding.get_by_role("link", name=re.compile("Evidence")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Supervisors over ratio and their supervisees"
    )
    table = page.get_by_role("table")
    for name in ("Erin", "Femi", "Grace", "Hamza"):
        expect(table.get_by_role("cell", name=name, exact=True)).to_be_visible()
    expect(table).not_to_contain_text("Amara")

    # The team filter narrows the list; the evidence keeps its period.
    page.get_by_label("Team").select_option(label="Willow Ward")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"team=\d+"))
    expect(page.get_by_role("table")).to_contain_text("Willow Ward")


def test_manager_reads_a_report_with_chart_and_table(page, make, sign_in):
    small_org(make)
    manager = make.user(Role.MANAGER)
    make.scope(manager)
    sign_in(page, manager)
    page.goto(f"/reports/cancellations?start={START}&end={END}")
    expect(page.get_by_role("img", name=re.compile("Cancelled sessions by reason"))).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Riverside")
    expect(row).to_contain_text("37.5")
    row.get_by_role("link", name="3").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancelled supervision sessions")
    expect(page.get_by_role("table")).to_contain_text("Service demands")
