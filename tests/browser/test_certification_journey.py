"""On a 320 px phone: a peer worker opens their credential's requirements, sees the bars with
their figures, chooses another credential; their supervisor reads the same page."""

from __future__ import annotations

from playwright.sync_api import expect

PHONE = {"width": 320, "height": 700}


def _widest_in_main(page) -> float:
    return page.evaluate(
        "Math.max(...[...document.querySelectorAll('main *')]"
        ".map(e => e.getBoundingClientRect().right))"
    )


def test_worker_reads_and_chooses_a_credential_on_a_phone(page, make, sign_in):
    from peertrain.models import Role

    team = make.team("Riverside")
    sup = make.user(Role.SUPERVISOR, team=team, name="Sol Supervisor")
    worker = make.user(Role.TRAINEE, team=team, name="Tara Trainee")
    make.assign(sup, worker)
    make.session(sup, worker, minutes=90)
    page.set_viewport_size(PHONE)
    sign_in(page, worker)

    page.goto("/certification/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Readiness for certification")
    expect(page.locator("#fig-work")).to_have_text("0 of 500 hours (0%)")
    expect(page.locator("#req-supervision")).to_contain_text("Held, not yet signed")
    expect(page.locator("#req-supervision")).to_contain_text("1.5 hours")
    assert _widest_in_main(page) <= PHONE["width"]
    page.get_by_label("Credential").select_option("mha-ncps")
    page.get_by_role("button", name="Work towards this credential").click()
    expect(page.get_by_text("Your credential is saved.")).to_be_visible()
    expect(page.locator(".lead")).to_contain_text("National Certified Peer Specialist (NCPS)")
    expect(page.locator("#fig-work")).to_have_text("0 of 3000 hours (0%)")
    assert _widest_in_main(page) <= PHONE["width"]
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, sup)
    page.goto(f"/certification/people/{worker.id}/readiness")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Readiness for certification: Tara Trainee"
    )
    expect(page.get_by_role("heading", name="What Tara Trainee can do next")).to_be_visible()
    assert _widest_in_main(page) <= PHONE["width"]
