"""Where delivered mail goes: an SMTP server (smtplib), or .eml files in development."""

from __future__ import annotations

import contextlib
import os
import smtplib
import ssl
from collections.abc import Callable
from pathlib import Path

SECURITY_CHOICES = ("none", "starttls", "tls")


class DeliveryError(Exception):
    """A delivery that did not succeed; the message is short and never holds the mail body."""


class Transient(DeliveryError):
    """Certainly not delivered, worth trying again later (4xx reply, lost connection)."""


class ServerDown(Transient):
    """The server could not be reached at all: later messages in this pass would fail too."""


class Permanent(DeliveryError):
    """Certainly not delivered and refused for good (5xx reply)."""


class OutcomeUnknown(DeliveryError):
    """The connection broke during DATA: the server may or may not have the message."""


class ClaimLost(DeliveryError):
    """Another worker took the message over before DATA; this one must not send it."""


def _reply(code: int, resp: bytes | str) -> str:
    text = resp.decode("utf-8", "replace") if isinstance(resp, bytes) else str(resp)
    return f"{code} {' '.join(text.split())}"[:200]


def _refusal(code: int, resp: bytes | str) -> DeliveryError:
    cls = Permanent if 500 <= code < 600 else Transient
    return cls(_reply(code, resp))


class SmtpTransport:
    """One SMTP connection per delivery pass, opened on first use and reused for each message."""

    def __init__(self, config: dict) -> None:
        self.host = config["MAIL_SMTP_HOST"]
        self.port = int(config["MAIL_SMTP_PORT"])
        self.security = config.get("MAIL_SMTP_SECURITY", "starttls")
        if self.security not in SECURITY_CHOICES:
            raise ValueError(f"MAIL_SMTP_SECURITY must be one of {', '.join(SECURITY_CHOICES)}")
        self.user = config.get("MAIL_SMTP_USER", "")
        self.password = config.get("MAIL_SMTP_PASSWORD", "")
        self.timeout = int(config.get("MAIL_SMTP_TIMEOUT_SECONDS", 30))
        self.tls_context = config.get("MAIL_SMTP_TLS_CONTEXT") or ssl.create_default_context()
        self._conn: smtplib.SMTP | None = None

    def describe(self) -> str:
        return f"SMTP {self.host}:{self.port} ({self.security})"

    def _connect(self) -> smtplib.SMTP:
        if self._conn is not None:
            return self._conn
        try:
            if self.security == "tls":
                conn: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=self.tls_context
                )
            else:
                conn = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            conn.ehlo()
            if self.security == "starttls":
                conn.starttls(context=self.tls_context)
                conn.ehlo()
            if self.user:
                conn.login(self.user, self.password)
        except smtplib.SMTPResponseException as exc:
            raise ServerDown(_reply(exc.smtp_code, exc.smtp_error)) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise ServerDown(f"cannot reach {self.host}:{self.port}: {type(exc).__name__}") from exc
        self._conn = conn
        return conn

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.close()

    def send(
        self, sender: str, recipient: str, payload: bytes, handoff: Callable[[], bool], name: str
    ) -> None:
        """MAIL and RCPT (nothing delivered yet), then `handoff()`, then DATA."""
        reused = self._conn is not None
        try:
            conn = self._envelope(sender, recipient)
        except ServerDown:
            if not reused:
                raise
            # Servers close idle or long-used connections: one fresh try before giving up.
            conn = self._envelope(sender, recipient)
        if not handoff():
            self._reset()
            raise ClaimLost("another worker holds this message")
        try:
            code, resp = conn.data(payload)
        except smtplib.SMTPDataError as exc:
            # The DATA command itself was refused: no content went out.
            self._reset()
            raise _refusal(exc.smtp_code, exc.smtp_error) from exc
        except (OSError, smtplib.SMTPException) as exc:
            self._drop()
            raise OutcomeUnknown(f"connection lost during DATA: {type(exc).__name__}") from exc
        if code != 250:
            raise _refusal(code, resp)

    def _envelope(self, sender: str, recipient: str) -> smtplib.SMTP:
        conn = self._connect()
        try:
            code, resp = conn.mail(sender)
            if code != 250:
                raise _refusal(code, resp)
            code, resp = conn.rcpt(recipient)
            if code not in (250, 251):
                raise _refusal(code, resp)
        except DeliveryError:
            self._reset()
            raise
        except (OSError, smtplib.SMTPException) as exc:
            self._drop()
            raise ServerDown(f"connection lost before DATA: {type(exc).__name__}") from exc
        return conn

    def _reset(self) -> None:
        if self._conn is None:
            return
        try:
            self._conn.rset()
        except (OSError, smtplib.SMTPException):
            self._drop()

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.quit()
        except (OSError, smtplib.SMTPException):
            conn.close()


class EmlTransport:
    """Development: each message becomes <outbox dir>/<id>.eml, readable by any mail client."""

    def __init__(self, directory: str) -> None:
        self.directory = Path(directory)

    def describe(self) -> str:
        return f".eml files in {self.directory}"

    def send(
        self, sender: str, recipient: str, payload: bytes, handoff: Callable[[], bool], name: str
    ) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ServerDown(f"cannot create {self.directory}: {exc.strerror}") from exc
        if not handoff():
            raise ClaimLost("another worker holds this message")
        final = self.directory / f"{name}.eml"
        partial = self.directory / f".{name}.eml.partial"
        try:
            partial.write_bytes(payload)
            os.replace(partial, final)  # a reader never sees half a message
        except OSError as exc:
            raise Transient(f"cannot write {final.name}: {exc.strerror}") from exc

    def close(self) -> None:
        return None


def transport_for(config: dict) -> SmtpTransport | EmlTransport:
    if config.get("MAIL_SMTP_HOST"):
        return SmtpTransport(config)
    return EmlTransport(config["MAIL_OUTBOX_DIR"])
