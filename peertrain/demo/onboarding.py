"""Demo onboarding: a new peer worker starting next week, invited but not yet signed up."""

from __future__ import annotations

from datetime import timedelta

from ..accounts.invitations import invite
from ..clock import today
from ..extensions import db
from ..models import Role, SupervisionAssignment, User
from .people import DemoOrg

INVITED_EMAIL = "quinn@demo.peertrain.org"


def seed(org: DemoOrg) -> None:
    """The admin sees a pending invitation at /admin/admin_invitations/; its message is in the
    outbox (instance/outbox/ in development once `flask mail deliver` runs)."""
    start = today() + timedelta(days=7)
    quinn = User(
        email=INVITED_EMAIL,
        name="Quinn Park",
        team=org.teams[0],
        start_date=start,
        fte=1.0,
        is_peer=True,
    )
    quinn.roles = [Role.TRAINEE]
    db.session.add(quinn)
    db.session.flush()
    db.session.add(
        SupervisionAssignment(supervisor=org.people["sam"], supervisee=quinn, start_date=start)
    )
    invite(quinn, by_id=org.people["admin"].id)
