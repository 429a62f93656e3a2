"""Access-table rows for hours and sign-off (issue 15): other training, the weekly work log and
the supervisor's sign-off. Every URL is about the world's trainee; a former supervisor and
another team's people are tested in tests/test_certification_signoff*.py."""

from __future__ import annotations

from datetime import timedelta

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import ServiceSetting, TrainingRecord, WorkLog

from .access import LOGIN, only

P = "/certification/people/<int:worker_id>"
T = P + "/training/<int:record_id>"
W = P + "/work-log/<int:entry_id>"

ROWS: dict = {
    # The worker and their current supervisor read; admins also see training (they enter it).
    ("GET", P + "/training"): only("trainee", "supervisor", "admin"),
    # Posted empty: the form comes back with its messages (400) to those who may enter it.
    ("POST", P + "/training"): only("trainee", "admin", status=400),
    ("GET", T + "/correct"): only("trainee", "admin"),
    ("POST", T + "/correct"): only("trainee", "admin", status=400),
    # Verifying: the current supervisor; sending back without a note is refused with a message.
    ("POST", T + "/verify"): only("supervisor", status=302),
    ("POST", T + "/return"): only("supervisor", status=400),
    # The certificate: the worker and their supervisor; never a manager or an admin.
    ("GET", T + "/certificate"): only("trainee", "supervisor"),
    # The work log is the worker's own account: only they write it.
    ("GET", P + "/work-log"): only("trainee", "supervisor"),
    ("POST", P + "/work-log"): only("trainee", status=400),
    ("GET", W + "/correct"): only("trainee"),
    ("POST", W + "/correct"): only("trainee", status=400),
    ("POST", W + "/confirm"): only("supervisor", status=302),
    ("POST", W + "/return"): only("supervisor", status=400),
    # Sign-offs: the worker sees them; the supervisor signs. An empty post is a bad request.
    ("GET", P + "/signoffs"): only("trainee", "supervisor"),
    ("POST", P + "/signoffs"): {
        "anon": LOGIN,
        "trainee": 400,
        "supervisor": 400,
        "manager": 400,
        "admin": 400,
    },
}


def setup(world: dict, make) -> dict:
    """A training record with a certificate on disk and one logged week, both the trainee's."""
    from peertrain.certification import uploads

    worker = world["people"]["trainee"]
    day = today() - timedelta(days=14)
    stored = uploads._write(b"%PDF-1.4 access table", ".pdf")
    record = TrainingRecord(
        worker_id=worker.id,
        title="Boundaries",
        provider="Peer Academy",
        started_on=day,
        ended_on=day,
        minutes=360,
        domains=["C1"],
        file_stored_name=stored,
        file_original_name="cert.pdf",
        file_content_type="application/pdf",
        file_size=21,
        file_sha256="0" * 64,
    )
    week = WorkLog(
        worker_id=worker.id,
        week_starting=day - timedelta(days=day.weekday()),
        minutes=600,
        setting=ServiceSetting.COMMUNITY,
    )
    db.session.add_all([record, week])
    db.session.commit()
    return {"record_id": record.id, "entry_id": week.id}
