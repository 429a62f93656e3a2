"""Access-table rows for the competency feature's routes, and the records their URLs need."""

from __future__ import annotations

from .access import LOGIN, everyone, only, signed_in  # noqa: F401

PROFILE = "/competency/people/<int:subject_id>"

ROWS: dict = {
    ("GET", "/competency/"): only("trainee"),
    # The worker and their supervisor see everything; the team's manager sees levels only.
    ("GET", PROFILE): only("trainee", "supervisor", "manager"),
    # A competency's history shows every note: the worker and their supervisor only.
    ("GET", PROFILE + "/history/<competency_code>"): only("trainee", "supervisor"),
    # Readiness is for the worker and their supervisor, not for managers.
    ("GET", PROFILE + "/readiness"): only("trainee", "supervisor"),
    ("GET", "/competency/self-assessment"): only("trainee"),
    ("POST", "/competency/self-assessment"): only("trainee", status=400),
    ("GET", PROFILE + "/rate"): only("supervisor"),
    ("POST", PROFILE + "/rate"): only("supervisor", status=400),
    ("GET", "/competency/supervisees"): only("supervisor"),
}


def setup(world: dict, make) -> dict:
    """A small framework so the pages have something in them; every URL is about the trainee."""
    make.competency_framework({"ACC": 2})
    return {"subject_id": world["people"]["trainee"].id, "competency_code": "ACC-1"}
