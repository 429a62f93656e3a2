"""Access-table rows for the reports feature's routes, and the records their URLs need."""

from __future__ import annotations

from .access import LOGIN, everyone, only, signed_in  # noqa: F401

REPORT_NAMES = ("coverage", "load", "cancellations", "flags", "training", "competency")

# Managers only: every page and every export. Other roles are refused (403), anonymous
# visitors are sent to sign in.
ROWS: dict = {
    ("GET", "/reports/"): only("manager"),
    ("GET", "/reports/findings.csv"): only("manager"),
    ("GET", "/reports/evidence/<evidence_kind>"): only("manager"),
    ("GET", "/reports/evidence/<evidence_kind>.csv"): only("manager"),
}
for _name in REPORT_NAMES:
    ROWS[("GET", f"/reports/{_name}")] = only("manager")
    ROWS[("GET", f"/reports/{_name}.csv")] = only("manager")


def setup(world: dict, make) -> dict:
    """Create the records this feature's URLs point at; return URL parameters by name."""
    return {"evidence_kind": "overdue"}
