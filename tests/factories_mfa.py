"""Two-step sign-in for tests: enrol a user directly and compute their codes."""

from __future__ import annotations

import pyotp

from peertrain.auth import mfa
from peertrain.extensions import db
from peertrain.models import MfaRecoveryCode, MfaTotp, User
from peertrain.passwords import hash_password


def enrol(user: User) -> tuple[pyotp.TOTP, list[str]]:
    """Give the user a confirmed authenticator; returns it (to compute codes) and their codes."""
    secret = mfa.new_secret()
    codes = mfa.new_recovery_codes()
    db.session.add(MfaTotp(user_id=user.id, secret_encrypted=mfa.encrypt(secret)))
    db.session.add_all(
        MfaRecoveryCode(user_id=user.id, code_hash=hash_password(mfa.normalise_code(c)))
        for c in codes
    )
    db.session.commit()
    return pyotp.TOTP(secret), codes
