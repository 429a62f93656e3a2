"""Access-table rows for the integration feature's routes (issue 16: self-assessment and
capacity plan), and the records their URLs need. Another team's manager and a named lead
are tested in tests/test_integration_pages.py."""

from __future__ import annotations

from datetime import timedelta

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import PlanAction, SelfAssessment

from .access import LOGIN, everyone, only, signed_in  # noqa: F401

ASSESSORS = ("manager", "admin")

ROWS: dict = {
    ("GET", "/integration/assessments"): only(*ASSESSORS),
    # Posted empty: re-shown with the errors next to the fields.
    ("POST", "/integration/assessments"): only(*ASSESSORS, status=400),
    ("GET", "/integration/assessments/<int:assessment_id>"): only(*ASSESSORS),
    ("GET", "/integration/assessments/<int:assessment_id>/sections/<section_id>"): only(*ASSESSORS),
    # Every rating may be blank in a draft: an empty post saves and goes to the overview.
    ("POST", "/integration/assessments/<int:assessment_id>/sections/<section_id>"): only(
        *ASSESSORS, status=302
    ),
    # Unrated items: nothing submitted, back to the overview with the reason.
    ("POST", "/integration/assessments/<int:assessment_id>/submit"): only(*ASSESSORS, status=302),
    ("POST", "/integration/assessments/<int:assessment_id>/actions"): only(*ASSESSORS, status=400),
    # No status chosen: back to the plan with the reason (303, see other).
    ("POST", "/integration/actions/<int:action_id>"): only(*ASSESSORS, status=303),
    # The capacity plan is a report: managers only, like every report.
    ("GET", "/integration/capacity"): only("manager"),
    ("GET", "/integration/capacity.csv"): only("manager"),
}


def setup(world: dict, make) -> dict:
    manager = world["people"]["manager"]
    a = SelfAssessment(instrument="organisational-readiness", instrument_version=1,
                       unit=f"team:{world['team'].id}", team_id=world["team"].id, year=2026,
                       created_by_id=manager.id)  # fmt: skip
    db.session.add(a)
    db.session.flush()
    action = PlanAction(assessment_id=a.id, description="Agree the role description",
                        owner_id=manager.id, due_on=today() + timedelta(days=30))  # fmt: skip
    db.session.add(action)
    db.session.commit()
    return {"assessment_id": a.id, "section_id": "supervision", "action_id": action.id}
