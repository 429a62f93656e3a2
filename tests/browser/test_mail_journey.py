"""A queued message goes out over real SMTP, its link opens PeerTrain, and an admin on a
320 px screen follows it in the Mail outbox."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from peertrain.extensions import db
from peertrain.mail import enqueue
from peertrain.mail.worker import deliver_due
from peertrain.models import Role
from tests.mail_helpers import SmtpServer


def test_mail_goes_out_and_the_admin_sees_it_sent(app, page, live_url, make, sign_in):
    smtp = SmtpServer().start()
    try:
        app.config.update(
            MAIL_SMTP_HOST="127.0.0.1",
            MAIL_SMTP_PORT=smtp.port,
            MAIL_SMTP_SECURITY="none",
            PUBLIC_BASE_URL=live_url,
        )
        admin = make.user(Role.ADMIN, name="Ada Admin")
        enqueue(
            to="rowan@example.org",
            template="test_message",
            context={"name": "Rowan", "link": f"{live_url}/auth/login"},
            kind="test",
        )
        db.session.commit()
        assert deliver_due().sent == 1
    finally:
        smtp.stop()
    [got] = smtp.received
    html = got.message.get_body(preferencelist=("html",)).get_content()
    link = re.search(r'href="([^"]+/auth/login)"', html).group(1)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    sign_in(page, admin)
    page.goto("/admin/admin_mail/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mail outbox")
    row = page.get_by_role("row", name=re.compile("rowan@example.org"))
    expect(row).to_contain_text("sent")
    page.get_by_role("link", name="sent: 1").click()
    expect(page.get_by_role("heading", level=2, name=re.compile("sent messages"))).to_be_visible()
    # Nothing but the table's own scroller is wider than the screen.
    page.wait_for_load_state("load")  # stylesheets applied before measuring
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the page is {width}px wide on a 320px screen"
