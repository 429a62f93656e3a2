"""Mail test helpers: a real in-process SMTP server (aiosmtpd) and the private-text check."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models.mail import OutboxMessage


def free_port() -> int:
    """A port with nothing listening on it (connecting there is refused: a server that is down)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class RecordingHandler:
    """Accepts (or refuses) mail and keeps what it accepted. Set `rcpt_reply` or `data_reply`
    to an SMTP reply such as "550 5.1.1 No such user" or "451 4.3.0 Try later" to refuse."""

    received: list[Received] = field(default_factory=list)
    rcpt_reply: str | None = None
    data_reply: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply:
            return self.data_reply
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


class SmtpServer:
    """aiosmtpd on 127.0.0.1:<port> in a background thread; stop() makes it a server that
    is down, start() brings it back on the same port."""

    def __init__(self, port: int | None = None, **controller_kwargs) -> None:
        self.port = port or free_port()
        self.handler = RecordingHandler()
        self._kwargs = controller_kwargs
        self._controller: Controller | None = None

    def start(self) -> SmtpServer:
        self._controller = Controller(
            self.handler, hostname="127.0.0.1", port=self.port, **self._kwargs
        )
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def received(self) -> list[Received]:
        return self.handler.received


def outbox() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def _texts(message) -> list[str]:
    """Every readable text of a message: an outbox row, an EmailMessage, or raw bytes."""
    if isinstance(message, OutboxMessage):
        return [message.subject, message.body_text, message.body_html, message.last_error or ""]
    if isinstance(message, bytes | str):
        raw = message.encode() if isinstance(message, str) else message
        message = message_from_bytes(raw, policy=policy.default)
    texts = [f"{k}: {v}" for k, v in message.items()]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            texts.append(part.get_content())
    return texts


def assert_no_private_text(messages, planted) -> None:
    """Fail if any planted string (note, reflection, flag or rating text) is in any message,
    in any header or part, decoded. Refuses an empty list of messages: that would prove nothing."""
    messages, planted = list(messages), [p for p in planted if p]
    assert messages, "no messages to search: the test would pass vacuously"
    assert planted, "no planted strings to search for"
    for message in messages:
        for text in _texts(message):
            for secret in planted:
                assert secret not in text, f"private text {secret!r} reached a mail message"
