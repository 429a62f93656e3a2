"""Password hashing (argon2id) and the password policy: length, not common, no composition rules."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 12
MAX_LENGTH = 128


@cache
def _common() -> frozenset[str]:
    text = resources.files("peertrain").joinpath("data/common-passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line and not line.startswith("#")
    )


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(time_cost=cfg["ARGON2_TIME_COST"], memory_cost=cfg["ARGON2_MEMORY_COST"])


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    if not stored:
        # Spend the same effort as a real check so unknown accounts are not revealed by timing.
        _hasher().hash(password)
        return False
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """A sentence saying why the password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters. A few unrelated words make a strong one."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    lowered = password.lower()
    # Catch the common list plus its usual disguises: digits or symbols tacked on, or repeated.
    core = re.sub(r"[\d\W_]+$", "", lowered)
    if lowered in _common() or (len(core) >= 4 and core in _common()):
        return "That password is one of the most commonly used; choose something less guessable."
    if len(set(lowered)) <= 3:
        return "That password repeats too few characters to be safe."
    for part in (email.split("@")[0].lower(), name.lower().replace(" ", "")):
        if len(part) >= 4 and part in lowered.replace(" ", ""):
            return "Don't include your name or email address in your password."
    return None
