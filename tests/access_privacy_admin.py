"""Access-table rows for the admin privacy pages (retention, legal hold, erasure)."""

from __future__ import annotations

from .access import only

BASE = "/admin/admin_privacy"

ROWS: dict = {
    ("GET", f"{BASE}/"): only("admin"),
    ("GET", f"{BASE}/person/<int:person_id>"): only("admin"),
    # Posted empty: an empty leaving date is a valid "none", saved and redirected back.
    ("POST", f"{BASE}/person/<int:person_id>/left"): only("admin", status=302),
    # Posted empty: the hold is lifted (it was not set), redirected back.
    ("POST", f"{BASE}/person/<int:person_id>/hold"): only("admin", status=302),
    # Posted empty: no typed confirmation, so nothing is erased and the page says why.
    ("POST", f"{BASE}/person/<int:person_id>/erase"): only("admin", status=400),
}


def setup(world: dict, make) -> dict:
    return {"person_id": world["people"]["trainee"].id}
