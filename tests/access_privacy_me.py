"""Access-table rows for the person's own privacy pages (My data), and the records they need.

Everyone signed in has records, so every role reaches the pages, each seeing only their own.
The world's trainee has an export ready: only they download it; to anyone else it does not
exist (404), and a new request from them is refused while that one is open (409).
"""

from __future__ import annotations

from peertrain.extensions import db
from peertrain.models import ExportRequest
from peertrain.privacy import export_services

from .access import LOGIN, everyone, only, signed_in  # noqa: F401

M = "/my-data"

ROWS: dict = {
    ("GET", M + "/"): signed_in(200),
    ("GET", M + "/reads"): signed_in(200),
    ("GET", M + "/export"): signed_in(200),
    # Built at once (a small history) and sent back to the page; the trainee's is still open.
    ("POST", M + "/export"): signed_in(302) | {"trainee": 409},
    ("POST", M + "/export/<int:export_request_id>/download"): signed_in(404) | {"trainee": 200},
}


def setup(world: dict, make) -> dict:
    """A built export of the trainee's, ready to download."""
    trainee = world["people"]["trainee"]
    req = ExportRequest(user_id=trainee.id)
    db.session.add(req)
    db.session.commit()
    export_services.build(req.id)
    return {"export_request_id": req.id}
