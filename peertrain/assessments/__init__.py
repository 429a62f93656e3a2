"""Competency framework: self-assessment, supervisor and observed ratings, profile, readiness."""

from flask import Blueprint

from .. import nav
from ..models import Role

bp = Blueprint("competency", __name__, url_prefix="/competency")


@bp.record_once
def _template_helpers(state) -> None:
    from .profile import level_badge, source_label

    state.app.add_template_global(level_badge, "level_badge")
    state.app.add_template_global(source_label, "rating_source_label")


nav.add(
    Role.TRAINEE,
    "Competencies",
    "competency.my_profile",
    "Assess yourself, see your supervisor's ratings and your readiness for certification.",
    30,
)
nav.add(
    Role.SUPERVISOR,
    "Competencies",
    "competency.supervisees",
    "Rate your supervisees' competencies with evidence and follow their readiness.",
    30,
)

from . import views  # noqa: E402,F401  (routes register on import)
