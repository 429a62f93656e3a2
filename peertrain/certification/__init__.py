"""Certification (issue 15): credentials as data, every hour counted, readiness per credential."""

from flask import Blueprint

bp = Blueprint("certification", __name__, url_prefix="/certification")

from . import views  # noqa: E402,F401  (routes register on import)
