"""Certification (issue 15): credentials as data, every hour counted, readiness per credential."""

from flask import Blueprint

bp = Blueprint("certification", __name__, url_prefix="/certification")

from . import (  # noqa: E402,F401  (hours and sign-off, cert-hours)
    signing,  # noqa: E402,F401  (registers the lock on signed rows)
    views,  # noqa: E402,F401  (routes register on import)
    views_hours,
    views_signoff,
)
