"""Access-table rows for onboarding: emailed links, "forgotten your password?", admin import."""

from __future__ import annotations

from datetime import timedelta

from peertrain.accounts import importing, tokens
from peertrain.clock import utcnow
from peertrain.extensions import db
from peertrain.models import AccountToken, Role, TokenPurpose

from .access import everyone, only

ROWS: dict = {
    # Anyone may ask; posted empty, the form is shown again with the message (400).
    ("GET", "/account/forgot"): everyone(200),
    ("POST", "/account/forgot"): everyone(400),
    # A valid link opens its form for whoever holds it (the link is the credential); posted
    # empty, the form is shown again and the link is not used up.
    ("GET", "/account/reset/<token>"): everyone(200),
    ("POST", "/account/reset/<token>"): everyone(400),
    ("GET", "/account/invitation/<token>"): everyone(200),
    ("POST", "/account/invitation/<token>"): everyone(400),
    ("GET", "/admin/admin_invitations/"): only("admin"),
    ("POST", "/admin/admin_invitations/<int:user_id>/resend"): only("admin", status=302),
    ("POST", "/admin/admin_invitations/<int:user_id>/revoke"): only("admin", status=302),
    ("GET", "/admin/admin_import/"): only("admin"),
    # No file chosen: the message next to the file field (400).
    ("POST", "/admin/admin_import/"): only("admin", status=400),
    # The admin's own staged upload; it has a bad row, so confirming imports nothing (400).
    ("GET", "/admin/admin_import/<staged_id>/"): only("admin"),
    ("POST", "/admin/admin_import/<staged_id>/"): only("admin", status=400),
}


def _token(user, purpose: TokenPurpose, lifetime: timedelta) -> str:
    raw, digest = tokens.new_token()
    now = utcnow()
    db.session.add(
        AccountToken(
            user=user, purpose=purpose, token_hash=digest, created_at=now, expires_at=now + lifetime
        )
    )
    return raw


def setup(world: dict, make) -> dict:
    invited = make.user(Role.TRAINEE, email="invited-access@example.org")
    reinvite = make.user(Role.TRAINEE, email="reinvite-access@example.org")
    reset_raw = _token(world["people"]["trainee"], TokenPurpose.RESET, timedelta(minutes=30))
    invite_raw = _token(invited, TokenPurpose.INVITATION, timedelta(days=7))
    _token(reinvite, TokenPurpose.INVITATION, timedelta(days=7))
    db.session.commit()
    csv = b"email,name,roles,team,fte,start_date,stage,lived_experience,supervisor_email\n"
    csv += b"new-access@example.org,New Person,wizard,,,,,,\n"
    staged = importing.stage(csv, "access.csv", world["people"]["admin"].id)
    return {
        "token": {
            "/account/reset/<token>": reset_raw,
            "/account/invitation/<token>": invite_raw,
        },
        "user_id": reinvite.id,
        "staged_id": staged,
    }
