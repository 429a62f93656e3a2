"""Work on gap findings (issue 18): acknowledge, assign to a manager, note, mark handled."""

from flask import Blueprint

bp = Blueprint("findings", __name__, url_prefix="/reports/findings")

from . import views  # noqa: E402,F401  (routes register on import)
