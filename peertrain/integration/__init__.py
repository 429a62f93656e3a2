"""Integration seen from every side (issue 16): organisational self-assessment held against
the data, and the supervisor capacity plan. Each part adds its own view modules below."""

from flask import Blueprint

from .. import nav
from ..models import Role

bp = Blueprint("integration", __name__, url_prefix="/integration")

nav.add(Role.MANAGER, "Self-assessment", "integration.assessments",
        "Your organisation's readiness for peer workers, rated yearly and held against the data.",
        20)  # fmt: skip
nav.add(Role.ADMIN, "Self-assessment", "integration.assessments",
        "Organisational self-assessments and their action plans.", 20)  # fmt: skip
nav.add(Role.MANAGER, "Capacity plan", "integration.capacity_plan",
        "Supervisor time needed per team, and reassignments that would meet the targets.",
        30)  # fmt: skip

from . import (  # noqa: E402,F401  (routes and the reminder kind register on import)
    capacity_views,
    selfassessment_plan_views,
    selfassessment_reminders,
    selfassessment_views,
)
from .voice_nav import add_nav as _add_voice_nav  # noqa: E402  (role-drift log, peer values)

_add_voice_nav()
