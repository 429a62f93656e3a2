"""Two-step sign-in: each person's confirmed authenticator (TOTP) and their recovery codes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db


class MfaTotp(db.Model):
    """A confirmed authenticator app. Only confirmed ones are stored: an enrolment in progress
    lives, encrypted and time-limited, in the person's session until its first code passes."""

    __tablename__ = "mfa_totp"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    # Fernet token (key derived from SECRET_KEY), never the base32 secret itself.
    secret_encrypted: Mapped[str] = mapped_column(Text)
    confirmed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The 30-second time step of the last code accepted: a code is good once, never replayed.
    last_used_step: Mapped[int] = mapped_column(Integer, default=0)


class MfaRecoveryCode(db.Model):
    """One single-use recovery code, stored as an argon2id hash."""

    __tablename__ = "mfa_recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
