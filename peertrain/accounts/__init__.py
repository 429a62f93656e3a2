"""Accounts that onboard themselves: invitations, password reset by the user, bulk CSV import."""

from __future__ import annotations

import os

from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/account")

# Settings and their defaults; each can be set from the environment of the same name.
DEFAULTS = {
    "INVITATION_VALID_DAYS": 7,
    "RESET_VALID_MINUTES": 30,
    "RESET_MAX_PER_ACCOUNT": 3,  # reset requests for one email address per window...
    "RESET_MAX_PER_ADDRESS": 20,  # ...and from one client address
    "RESET_WINDOW_MINUTES": 60,
    "IMPORT_MAX_BYTES": 2 * 1024 * 1024,
    "IMPORT_MAX_ROWS": 5000,
}


@bp.record_once
def _settings(state) -> None:
    for name, default in DEFAULTS.items():
        raw = os.environ.get(name, "").strip()
        state.app.config.setdefault(name, int(raw) if raw.isascii() and raw.isdigit() else default)


from . import cli, views  # noqa: E402,F401  (routes and `flask users import` register)
