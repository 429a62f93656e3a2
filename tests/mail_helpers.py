"""Mail test helpers: a real in-process SMTP server (aiosmtpd) and the private-text check."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from peertrain import clock
from peertrain.extensions import db
from peertrain.mail import enqueue
from peertrain.models.mail import OutboxMessage

T0 = datetime(2026, 3, 2, 9, 0, 0)


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


def queue(to: str = "sam@example.org", name: str = "Sam"):
    msg = enqueue(
        to=to,
        template="test_message",
        context={"name": name, "link": "https://peertrain.example/home"},
        kind="test",
    )
    db.session.commit()
    return msg


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


# Fixtures for mail tests: import them by these names; they register as now, smtp and
# config_overrides (the app then talks to the in-process server).


@pytest.fixture(name="now")
def frozen_clock(monkeypatch):
    """The app clock, frozen at T0 and moved on by tests: now.set(...) / now.advance(...)."""

    class Clock:
        value = T0

        def set(self, value: datetime) -> None:
            self.value = value

        def advance(self, delta: timedelta) -> None:
            self.value += delta

    c = Clock()
    monkeypatch.setattr(clock, "utcnow", lambda: c.value)
    return c


@pytest.fixture(name="smtp")
def smtp_server():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture(name="config_overrides")
def smtp_config(smtp):
    return {
        "MAIL_SMTP_HOST": "127.0.0.1",
        "MAIL_SMTP_PORT": smtp.port,
        "MAIL_SMTP_SECURITY": "none",
        "MAIL_SMTP_TIMEOUT_SECONDS": 5,
        "MAIL_FROM": "PeerTrain <noreply@peertrain.example>",
        "MAIL_MAX_ATTEMPTS": 4,
        "PUBLIC_BASE_URL": "https://peertrain.example",
    }
