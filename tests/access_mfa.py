"""Access-table rows for two-step sign-in; every page is about the visitor's own account."""

from __future__ import annotations

from .access import LOGIN, signed_in

# Nobody in the access world has enrolled (MFA_REQUIRED_ROLES is empty outside production), so
# the pages that change an authenticator send them to the status page, and the code step of a
# login, with no password step behind it, sends anonymous visitors to sign in.
_NOT_ENROLLED = signed_in(302)

ROWS: dict = {
    ("GET", "/auth/mfa"): signed_in(200),
    ("GET", "/auth/mfa/setup"): signed_in(200),
    # Posted with no code: re-shown with the error next to the field.
    ("POST", "/auth/mfa/setup"): signed_in(400),
    # Signed-in visitors are sent home; anonymous ones without a password step to sign in.
    ("GET", "/auth/mfa/verify"): signed_in(302) | {"anon": LOGIN},
    ("POST", "/auth/mfa/verify"): signed_in(302) | {"anon": LOGIN},
    ("GET", "/auth/mfa/disable"): _NOT_ENROLLED,
    ("POST", "/auth/mfa/disable"): _NOT_ENROLLED,
    ("GET", "/auth/mfa/recovery-codes"): _NOT_ENROLLED,
    ("POST", "/auth/mfa/recovery-codes"): _NOT_ENROLLED,
    ("GET", "/auth/mfa/replace"): _NOT_ENROLLED,
    ("POST", "/auth/mfa/replace"): _NOT_ENROLLED,
}


def setup(world: dict, make) -> dict:
    """No records: the routes take no parameters."""
    return {}
