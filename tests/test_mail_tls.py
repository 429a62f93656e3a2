"""SMTP security settings against a real server: STARTTLS with login, and implicit TLS."""

from __future__ import annotations

import ssl
from datetime import UTC, datetime, timedelta

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from peertrain.mail.worker import deliver_due
from peertrain.models.mail import OutboxStatus

from .mail_helpers import SmtpServer, outbox, queue


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 and the client context that trusts only it."""
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert_file, key_file)
    client_ctx = ssl.create_default_context(cafile=str(cert_file))
    return server_ctx, client_ctx


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"peertrain",
        b"s3cret-relay-password",
    )
    return AuthResult(success=ok)


@pytest.fixture
def starttls_server(certificate):
    server = SmtpServer(
        tls_context=certificate[0],
        require_starttls=True,
        authenticator=_authenticator,
        auth_required=True,
    ).start()
    yield server
    server.stop()


def _settings(app, server, certificate, **more):
    app.config.update(
        MAIL_SMTP_HOST="127.0.0.1",
        MAIL_SMTP_PORT=server.port,
        MAIL_SMTP_TLS_CONTEXT=certificate[1],
        MAIL_SMTP_TIMEOUT_SECONDS=5,
        **more,
    )


def test_starttls_with_login_delivers(app, starttls_server, certificate):
    _settings(
        app,
        starttls_server,
        certificate,
        MAIL_SMTP_SECURITY="starttls",
        MAIL_SMTP_USER="peertrain",
        MAIL_SMTP_PASSWORD="s3cret-relay-password",
    )
    queue()
    assert deliver_due().sent == 1
    assert [r.rcpt_tos for r in starttls_server.received] == [["sam@example.org"]]


def test_a_wrong_password_keeps_the_message_queued(app, starttls_server, certificate):
    _settings(
        app,
        starttls_server,
        certificate,
        MAIL_SMTP_SECURITY="starttls",
        MAIL_SMTP_USER="peertrain",
        MAIL_SMTP_PASSWORD="wrong",
    )
    queue()
    result = deliver_due()
    # Refused at login (535, or the server hangs up on the next mechanism): no message goes.
    assert result.sent == 0 and result.retrying == 1 and result.stopped
    [row] = outbox()
    assert row.status == OutboxStatus.QUEUED and "wrong" not in row.last_error
    assert starttls_server.received == []


def test_implicit_tls_delivers(app, certificate):
    server = SmtpServer(ssl_context=certificate[0]).start()
    try:
        _settings(app, server, certificate, MAIL_SMTP_SECURITY="tls")
        queue()
        assert deliver_due().sent == 1
        assert len(server.received) == 1
    finally:
        server.stop()


def test_a_certificate_we_do_not_trust_is_refused(app, certificate):
    server = SmtpServer(ssl_context=certificate[0]).start()
    try:
        _settings(app, server, certificate, MAIL_SMTP_SECURITY="tls")
        app.config["MAIL_SMTP_TLS_CONTEXT"] = None  # the system's trust store: no self-signed
        queue()
        result = deliver_due()
        assert result.sent == 0 and "SSLCertVerificationError" in result.stopped
        assert server.received == []
    finally:
        server.stop()
