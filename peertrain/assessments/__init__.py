"""Competency framework: self-assessment, supervisor and observed ratings, profile, readiness."""

from flask import Blueprint

bp = Blueprint("competency", __name__, url_prefix="/competency")

from . import views  # noqa: E402,F401  (routes register on import)
