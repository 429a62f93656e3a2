"""enqueue(): render a mail template and add its outbox row to the caller's transaction."""

from __future__ import annotations

import uuid
from email.utils import parseaddr

from flask import current_app

from .. import clock
from ..extensions import db
from ..models.mail import OutboxMessage

MAX_SUBJECT = 300


class MailTemplateError(ValueError):
    """A mail template that does not start with its `Subject: ...` line."""


def _render(template: str, context: dict) -> tuple[str, str, str]:
    env = current_app.jinja_env
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    full = {"public_base_url": base, **context}
    text = env.get_template(f"mail/{template}.txt").render(full)
    html = env.get_template(f"mail/{template}.html").render(full)
    first, _, rest = text.lstrip("\n").partition("\n")
    if not first.startswith("Subject:"):
        raise MailTemplateError(f"mail/{template}.txt must start with a 'Subject: ...' line")
    subject = " ".join(first[len("Subject:") :].split())  # no header injection via newlines
    return subject[:MAX_SUBJECT], rest.lstrip("\n"), html


def new_message_id() -> str:
    """An RFC 5322 Message-ID in the sender's domain, unique per message."""
    sender = parseaddr(current_app.config.get("MAIL_FROM", ""))[1]
    domain = sender.rpartition("@")[2] or "peertrain.invalid"
    return f"<{uuid.uuid4().hex}@{domain}>"


def enqueue(
    *, to: str, template: str, context: dict, user_id: int | None = None, kind: str
) -> OutboxMessage:
    """Add a rendered message to the current transaction; the caller's commit makes it real.

    The context must carry only names, counts, dates and links, never note, reflection, flag or
    rating text: mail leaves our control, so it only says that something is waiting.
    """
    to = to.strip()
    if not to or "\n" in to or "\r" in to or "@" not in to:
        raise ValueError("enqueue needs one email address")
    subject, body_text, body_html = _render(template, context)
    msg = OutboxMessage(
        recipient=to,
        user_id=user_id,
        kind=kind,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        message_id=new_message_id(),
        created_at=(now := clock.utcnow()),
        next_attempt_at=now,
    )
    db.session.add(msg)
    db.session.flush()  # an id now, and any constraint problem surfaces in the caller's code
    return msg
