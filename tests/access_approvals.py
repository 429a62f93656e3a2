"""Access-table rows for separation of duties: the admin Approvals page and its decisions, and
"Send a reset link" on a user's admin page. Admins only; everyone else is refused."""

from __future__ import annotations

from peertrain.approvals import services
from peertrain.extensions import db
from peertrain.models import Role

from .access import only

BASE = "/admin/admin_approvals"

ROWS: dict = {
    ("GET", f"{BASE}/"): only("admin"),
    # A change asked for by another admin: the world's admin approves it (applied, back to the
    # list), then the reject finds it decided (a message, back to the list).
    ("POST", f"{BASE}/<int:change_id>/approve"): only("admin", status=302),
    ("POST", f"{BASE}/<int:change_id>/reject"): only("admin", status=302),
    # The trainee has a sign-in of their own; the link goes to their address.
    ("POST", "/admin/admin_users/reset-link/<int:user_id>"): only("admin", status=302),
}


def setup(world: dict, make) -> dict:
    other_admin = make.user(Role.ADMIN)
    trainee = world["people"]["trainee"]
    change = services.request_change(
        "roles",
        record_type="user",
        record_id=trainee.id,
        grantee_id=trainee.id,
        summary="Give the trainee the supervisor role",
        payload={"user_id": trainee.id, "roles": ["supervisor"]},
        by_id=other_admin.id,
    )
    db.session.commit()
    return {"change_id": change.id, "user_id": trainee.id}
