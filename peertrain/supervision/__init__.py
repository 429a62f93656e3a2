"""Reflective supervision: sessions, cancellations, flags, action items, the supervisee's side."""

from flask import Blueprint
from flask_wtf.csrf import CSRFError

from .. import nav
from ..models import Role

bp = Blueprint("supervision", __name__, url_prefix="/supervision")

nav.add(
    Role.SUPERVISOR,
    "My supervisees",
    "supervision.index",
    "Who is due for supervision, open action items and supervised hours.",
    10,
)
nav.add(
    Role.SUPERVISOR,
    "Record a session",
    "supervision.new_session",
    "Reflective notes, topics, action items and flags for a session you held.",
    11,
)
nav.add(
    Role.TRAINEE,
    "My supervision",
    "supervision.mine",
    "Your supervision records, your reflections and your action items.",
    20,
)


@bp.context_processor
def _labels():
    from .labels import for_templates

    return for_templates()


from . import views, views_drafts, views_session  # noqa: E402,F401  (routes register on import)
from .rescue import handle_csrf_error  # noqa: E402

bp.register_error_handler(CSRFError, handle_csrf_error)
