"""Access-table rows for the mail outbox admin page."""

from __future__ import annotations

from .access import only

ROWS: dict = {
    # Read-only metadata of every message: administrators only.
    ("GET", "/admin/admin_mail/"): only("admin"),
}


def setup(world: dict, make) -> dict:
    return {}
