"""The outbox: enqueue renders in the caller's transaction; message structure; no private text."""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

from peertrain.extensions import db
from peertrain.mail import enqueue
from peertrain.mail.build import build_message
from peertrain.models import User
from peertrain.models.mail import OutboxMessage, OutboxStatus

from .conftest import IS_POSTGRES
from .mail_helpers import assert_no_private_text, outbox


@pytest.fixture
def config_overrides():
    return {
        "MAIL_FROM": "PeerTrain <noreply@peertrain.example>",
        "PUBLIC_BASE_URL": "https://peertrain.example",
    }


def _enqueue(user=None, **context):
    return enqueue(
        to=user.email if user else "kim@example.org",
        template="test_message",
        context={"name": "Kim", "link": "https://peertrain.example/home", **context},
        user_id=user.id if user else None,
        kind="test",
    )


def test_enqueue_renders_subject_text_and_html_in_the_shared_layout(app):
    msg = _enqueue()
    assert msg.id is not None and msg.status == OutboxStatus.QUEUED and msg.attempts == 0
    assert msg.subject == "PeerTrain test message"
    assert msg.body_text.startswith("Hello Kim,")
    assert "Subject:" not in msg.body_text
    assert "https://peertrain.example/home" in msg.body_text
    # The layout's footer, with the public base URL, in both parts.
    assert "never contains the content of notes" in msg.body_text
    assert '<a href="https://peertrain.example">' in msg.body_html
    assert '<html lang="en">' in msg.body_html
    assert msg.message_id.startswith("<") and msg.message_id.endswith("@peertrain.example>")


def test_html_part_escapes_the_context(app):
    msg = _enqueue(name="<script>x</script>")
    assert "<script>x" not in msg.body_html
    assert "&lt;script&gt;x" in msg.body_html


def test_a_rolled_back_change_leaves_no_message(app, make):
    user = make.user("trainee", name="Before")
    user.name = "After"
    _enqueue(user)
    db.session.rollback()
    assert outbox() == []
    assert db.session.get(User, user.id).name == "Before"


def test_the_callers_commit_keeps_change_and_message_together(app, make):
    user = make.user("trainee", name="Before")
    user.name = "After"
    _enqueue(user)
    db.session.commit()
    db.session.expire_all()
    [row] = outbox()
    assert (row.user_id, row.recipient, row.kind) == (user.id, user.email, "test")
    assert db.session.get(User, user.id).name == "After"


def test_message_ids_are_unique(app):
    ids = {_enqueue().message_id for _ in range(20)}
    assert len(ids) == 20


@pytest.mark.skipif(not IS_POSTGRES, reason="SQLite here does not enforce foreign keys")
def test_deleting_the_user_keeps_the_message_with_no_user(app, make):
    user = make.user("trainee")
    email = user.email
    _enqueue(user)
    db.session.commit()
    db.session.execute(User.__table__.delete().where(User.__table__.c.id == user.id))
    db.session.commit()
    db.session.expire_all()
    [row] = db.session.scalars(select(OutboxMessage)).all()
    assert row.user_id is None and row.recipient == email


def test_enqueue_refuses_a_header_injection_in_the_address(app):
    with pytest.raises(ValueError, match="one email address"):
        enqueue(
            to="a@example.org\nBcc: b@example.org", template="test_message", context={}, kind="x"
        )


def test_built_message_is_multipart_alternative_with_both_parts_and_headers(app):
    msg = _enqueue()
    raw = build_message(msg, mail_from=app.config["MAIL_FROM"]).as_bytes()
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    plain, html = parsed.iter_parts()
    assert plain.get_content_type() == "text/plain" and html.get_content_type() == "text/html"
    assert plain.get_content().startswith("Hello Kim,")
    assert "<p>Hello Kim,</p>" in html.get_content()
    assert parsed["From"] == "PeerTrain <noreply@peertrain.example>"
    assert parsed["To"] == "kim@example.org"
    assert parsed["Subject"] == "PeerTrain test message"
    assert parsed["Message-ID"] == msg.message_id
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["Date"].datetime.replace(tzinfo=None) == msg.created_at.replace(microsecond=0)
    assert b"\r\n" in raw  # SMTP line endings


def test_assert_no_private_text_searches_rows_messages_and_raw_bytes(app):
    msg = _enqueue(name="Kim")
    raw = build_message(msg, mail_from=app.config["MAIL_FROM"]).as_bytes()
    planted = ["PLANTED-NOTE-7f3a", "PLANTED-FLAG-91bc"]
    assert_no_private_text([msg, raw], planted)
    leaky = _enqueue(name="PLANTED-NOTE-7f3a")
    leaky_raw = build_message(leaky, mail_from=app.config["MAIL_FROM"]).as_bytes()
    for message in (leaky, leaky_raw):
        with pytest.raises(AssertionError, match="PLANTED-NOTE-7f3a"):
            assert_no_private_text([message], planted)
    with pytest.raises(AssertionError, match="vacuously"):
        assert_no_private_text([], planted)


def test_every_mail_template_has_both_parts_and_a_subject(app):
    from pathlib import Path

    folder = Path(app.root_path) / "templates" / "mail"
    names = sorted(p.stem for p in folder.glob("*.txt") if not p.stem.startswith("_"))
    assert "test_message" in names
    for name in names:
        assert (folder / f"{name}.html").exists(), f"mail/{name}.html is missing"
        first = (folder / f"{name}.txt").read_text().lstrip()
        assert first.startswith(("Subject:", '{% extends "mail/_layout.txt" %}')), name
