"""Access-table rows for the role-drift log and the peer-values ratings (issue 16), and the
records their URLs need. Another team's people and a former supervisor are tested in
tests/test_integration_drift_access.py."""

from __future__ import annotations

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import AskedBy, DriftDone, DriftEntry, DriftTask

from .access import LOGIN, everyone, only, signed_in  # noqa: F401

BASE = "/integration"
PARTS = ("trainee", "supervisor")  # the supervisee and the supervisor of the world's session

ROWS: dict = {
    ("GET", BASE + "/drift"): only("trainee"),
    # Posted empty: re-shown with the errors next to the choices.
    ("POST", BASE + "/drift"): only("trainee", status=400),
    # The trainee's own entry: removed, back to the log.
    ("POST", BASE + "/drift/<int:drift_entry_id>/delete"): only("trainee", status=302),
    ("GET", BASE + "/drift/supervisees"): only("supervisor"),
    # The trainee's current supervisor only; managers and admins never.
    ("GET", BASE + "/drift/supervisees/<int:worker_id>"): only("supervisor"),
    ("GET", BASE + "/drift/report"): only("manager"),
    ("GET", BASE + "/drift/report.csv"): only("manager"),
    # The session's supervisor and its supervisee; managers and admins are refused (audited).
    ("GET", BASE + "/values/sessions/<int:session_id>"): only(*PARTS),
    ("POST", BASE + "/values/sessions/<int:session_id>"): only(*PARTS, status=400),
    ("GET", BASE + "/values"): only("trainee"),
    ("GET", BASE + "/values/trend"): only("supervisor"),
    ("GET", BASE + "/values/report"): only("manager"),
    ("GET", BASE + "/values/report.csv"): only("manager"),
}


def setup(world: dict, make) -> dict:
    """One entry in the trainee's log; the session comes from the supervision rows."""
    trainee = world["people"]["trainee"]
    entry = DriftEntry(
        worker_id=trainee.id,
        happened_on=today(),
        task=DriftTask.SECURITY,
        asked_by=AskedBy.NURSE,
        done=DriftDone.PARTLY,
    )
    db.session.add(entry)
    db.session.commit()
    return {"drift_entry_id": entry.id, "worker_id": trainee.id}
