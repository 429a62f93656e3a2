"""A supervisee on a 320 px screen sees the header count, opens a record from the notification
list (the count goes down), and changes a preference."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import Preference, Role
from peertrain.notify import events
from peertrain.notify.run import send


def test_a_supervisee_follows_a_notification_and_sets_a_preference(app, page, make, sign_in):
    sup = make.user(Role.SUPERVISOR, name="Sam Supervisor")
    amara = make.user(Role.TRAINEE, name="Amara Trainee")
    make.assign(sup, amara)
    sess = make.session(sup, amara, held_on=today() - timedelta(days=12))
    make.action(sess, amara, due_on=today() + timedelta(days=1))
    events.session_recorded(sess)
    db.session.commit()
    send(today())  # the action due tomorrow and the supervision due in 2 days
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, amara)
    header = page.get_by_role("link", name=re.compile(r"^Notifications"))
    expect(header).to_have_text("Notifications 3 unread")
    header.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    page.get_by_role("link", name=re.compile("recorded your supervision")).click()
    expect(page).to_have_url(re.compile(rf"/supervision/sessions/{sess.id}$"))
    expect(header).to_have_text("Notifications 2 unread")
    # The header, with the count added, still fits a 320 px screen (the session page's own
    # action table scrolls on its own and is the supervision feature's).
    header_right = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.site-header *')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    assert header_right <= 320, f"the header is {header_right}px wide on a 320px screen"
    page.goto("/notifications/")
    page.wait_for_load_state("load")  # stylesheets applied before measuring
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the notification list is {width}px wide on a 320px screen"
    expect(page.get_by_text("Unread", exact=True)).to_have_count(2)

    page.goto("/notifications/preferences")
    group = page.get_by_role("group", name="An action item due in 3 days")
    group.get_by_label("In a daily digest email").check()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_text("Your notification preferences are saved.")).to_be_visible()
    saved = db.session.get(Preference, (amara.id, "action_due"))
    assert saved.delivery == "digest"
    expect(
        page.get_by_role("group", name="An action item due in 3 days").get_by_label(
            "In a daily digest email"
        )
    ).to_be_checked()
    page.wait_for_load_state("load")  # stylesheets applied before measuring
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the preferences page is {width}px wide on a 320px screen"
