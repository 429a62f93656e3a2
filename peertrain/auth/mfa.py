"""Two-step sign-in primitives: encrypted TOTP secrets, codes, QR codes, recovery codes, reads."""

from __future__ import annotations

import base64
import secrets
import time

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import MfaRecoveryCode, MfaTotp, Role, User

RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: a code copied from paper must survive handwriting.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 10  # 10 of 31 symbols: about 49 bits each
ENROL_MINUTES = 15  # how long a scanned-but-unconfirmed secret stays usable
DEMO_DOMAIN = "@demo.peertrain.org"


class SecretUnreadable(Exception):
    """The stored secret was encrypted with a key that is neither SECRET_KEY nor a fallback."""


def now() -> float:
    """Seconds since the epoch; tests move it to check replay across time steps."""
    return time.time()


# --- secrets at rest -------------------------------------------------------------------


def _key(secret_key: str) -> Fernet:
    # A key of its own for this purpose, so the cookie-signing key is never used as-is.
    raw = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"peertrain mfa totp secret v1"
    ).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(raw))


def _fernet() -> MultiFernet:
    cfg = current_app.config
    keys = [cfg["SECRET_KEY"], *(cfg.get("SECRET_KEY_FALLBACKS") or [])]
    return MultiFernet([_key(k) for k in keys])


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str, *, ttl: int | None = None) -> str:
    try:
        return _fernet().decrypt(token.encode(), ttl=ttl).decode()
    except InvalidToken as exc:
        raise SecretUnreadable(str(exc)) from exc


def reencrypt(token: str) -> str:
    """The same secret under the current SECRET_KEY (after a rotation)."""
    return _fernet().rotate(token.encode()).decode()


# --- TOTP ------------------------------------------------------------------------------


def new_secret() -> str:
    return pyotp.random_base32()  # 160 bits, as RFC 6238 recommends for SHA-1


def normalise_code(code: str) -> str:
    return "".join(c for c in (code or "").lower() if c.isalnum())


def matching_step(secret: str, code: str) -> int | None:
    """The time step the code belongs to (one step of clock drift either way), or None."""
    code = normalise_code(code)
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return None
    try:
        return pyotp.TOTP(secret).verify_and_get_timecode(code, for_time=now(), valid_window=1)
    except pyotp.exceptions.OTPVerificationError:
        return None


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(
        name=email, issuer_name=current_app.config.get("MFA_ISSUER", "PeerTrain")
    )


def qr_data_uri(uri: str) -> str:
    """An SVG QR code as a data: URI (the CSP allows data: images; nothing leaves the server)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=4, title="QR code")


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# --- recovery codes --------------------------------------------------------------------


def new_recovery_codes() -> list[str]:
    def one() -> str:
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        return f"{raw[:5]}-{raw[5:]}"

    return [one() for _ in range(RECOVERY_CODE_COUNT)]


def looks_like_recovery_code(code: str) -> bool:
    code = normalise_code(code)
    return len(code) == _RECOVERY_LENGTH and all(c in _RECOVERY_ALPHABET for c in code)


# --- reads -----------------------------------------------------------------------------


def credential(user_id: int) -> MfaTotp | None:
    return db.session.get(MfaTotp, user_id)


def is_enrolled(user: User) -> bool:
    return credential(user.id) is not None


def unused_recovery_codes(user_id: int) -> list[MfaRecoveryCode]:
    return list(
        db.session.scalars(
            select(MfaRecoveryCode)
            .where(MfaRecoveryCode.user_id == user_id, MfaRecoveryCode.used_at.is_(None))
            .order_by(MfaRecoveryCode.id)
        )
    )


def required_roles() -> frozenset[Role]:
    return frozenset(Role(r) for r in current_app.config.get("MFA_REQUIRED_ROLES") or ())


def demo_exempt(user: User) -> bool:
    """Demo accounts may skip two-step sign-in, in development only, so a demo stays quick."""
    cfg = current_app.config
    return cfg.get("ENV_NAME") == "development" and user.email.lower().endswith(DEMO_DOMAIN)


def role_requires(user: User) -> bool:
    """This person's roles require two-step sign-in (MFA_REQUIRED_ROLES)."""
    return not demo_exempt(user) and bool(user.roles & required_roles())


def must_enrol(user: User) -> bool:
    """True while this person holds a role that requires two-step sign-in and has none."""
    return role_requires(user) and not is_enrolled(user)
