"""Reflective supervision: sessions, cancellations, flags, action items, the supervisee's side."""

from flask import Blueprint
from flask_wtf.csrf import CSRFError

from .. import nav
from ..models import Role

bp = Blueprint("supervision", __name__, url_prefix="/supervision")

nav.add(
    Role.SUPERVISOR,
    "Supervisees",
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
    "Supervision",
    "supervision.mine",
    "Your supervision records, your reflections and your action items.",
    20,
)


@bp.context_processor
def _labels():
    from flask_login import current_user

    from . import rescue_token
    from .labels import for_templates

    def token_for(key) -> str:
        return rescue_token.issue(current_user.id, key) if current_user.is_authenticated else ""

    return for_templates() | {"rescue_token": token_for}


from . import views, views_drafts, views_session  # noqa: E402,F401  (routes register on import)
from .rescue import handle_csrf_error  # noqa: E402

bp.register_error_handler(CSRFError, handle_csrf_error)
