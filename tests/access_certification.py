"""Access-table rows for the certification core (issue 15): readiness per credential and the
credential choice. Another team's people and a former supervisor are tested in
tests/test_certification_readiness.py."""

from __future__ import annotations

from .access import LOGIN, everyone, only, signed_in  # noqa: F401

C = "/certification"
PERSON = C + "/people/<int:worker_id>"

ROWS: dict = {
    # A trainee's own readiness: a redirect to it.
    ("GET", C + "/"): only("trainee", status=302),
    # The worker and their current supervisor; managers and admins never (hours are private).
    ("GET", PERSON + "/readiness"): only("trainee", "supervisor"),
    # Posted empty: the worker sees their page again, an admin the choice form, with the error.
    ("POST", PERSON + "/credential"): {
        "anon": LOGIN,
        "trainee": 400,
        "supervisor": 403,
        "manager": 403,
        "admin": 400,
    },  # fmt: skip
    # An admin sees and changes the worker's choice only, not their hours.
    ("GET", PERSON + "/credential"): only("admin"),
    ("GET", C + "/default"): only("admin"),
    ("POST", C + "/default"): only("admin", status=400),
}


def setup(world: dict, make) -> dict:
    """Every URL is about the world's trainee."""
    return {"worker_id": world["people"]["trainee"].id}
