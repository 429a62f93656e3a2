"""Turn an outbox row into a standard-library EmailMessage: multipart/alternative, text + HTML."""

from __future__ import annotations

from datetime import UTC
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr

from ..models.mail import OutboxMessage


def envelope_sender(mail_from: str) -> str:
    return parseaddr(mail_from)[1]


def build_message(msg: OutboxMessage, *, mail_from: str) -> EmailMessage:
    em = EmailMessage(policy=SMTP)
    em["Subject"] = msg.subject
    em["From"] = mail_from
    em["To"] = msg.recipient
    # Date and Message-ID come from the row, so every attempt (and the .eml) is the same mail.
    em["Date"] = format_datetime(msg.created_at.replace(tzinfo=UTC))
    em["Message-ID"] = msg.message_id
    # RFC 3834: tells auto-responders and vacation replies not to answer.
    em["Auto-Submitted"] = "auto-generated"
    em["X-PeerTrain-Kind"] = msg.kind
    em.set_content(msg.body_text)
    em.add_alternative(msg.body_html, subtype="html")
    return em
