"""Manager reports: workforce figures and integration and resourcing gap findings."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from . import views  # noqa: E402,F401  (routes register on import)
