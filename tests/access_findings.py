"""Access-table rows for finding work (issue 18), and the finding their URLs point at. Another
team's manager, an admin and the audit of refusals are in tests/test_findings_work.py."""

from __future__ import annotations

from peertrain.extensions import db
from peertrain.models import FindingState

from .access import only

KEY = "/reports/findings/<key>"

# Managers only (their scope covers the world's team). Buttons go back to the finding's
# page (303); a note or an owner posted empty is re-shown with the reason (400).
ROWS: dict = {
    ("GET", KEY): only("manager"),
    ("POST", KEY + "/acknowledge"): only("manager", status=303),
    ("POST", KEY + "/handled"): only("manager", status=303),
    ("POST", KEY + "/notes"): only("manager", status=400),
    ("POST", KEY + "/assign"): only("manager", status=400),
}


def setup(world: dict, make) -> dict:
    """A finding someone already worked on: its page and buttons work whether or not the
    figures show it today."""
    key = f"overdue:team-{world['team'].id}"
    db.session.add(FindingState(key=key, team_id=world["team"].id, title="Overdue for supervision"))
    db.session.commit()
    return {"key": key}
