"""Helpers for the onboarding tests: read the links PeerTrain mailed out of the outbox."""

from __future__ import annotations

import re

from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models import OutboxMessage

LINK = re.compile(r"https?://\S+/account/(?:invitation|reset)/[A-Za-z0-9_-]+")


def messages(to: str, kind: str | None = None) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).where(OutboxMessage.recipient == to).order_by(OutboxMessage.id)
    if kind:
        stmt = stmt.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(stmt))


def last_link(to: str, kind: str) -> str:
    """The path of the newest link of this kind mailed to this address (for the test client)."""
    found = messages(to, kind)
    assert found, f"no {kind} message to {to}"
    match = LINK.search(found[-1].body_text)
    assert match, found[-1].body_text
    assert match.group(0) in found[-1].body_html  # the HTML part carries the same link
    return "/" + match.group(0).split("/", 3)[3]
