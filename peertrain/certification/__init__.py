"""Certification (issue 15): credentials as data, every hour counted, readiness per credential."""

from flask import Blueprint

bp = Blueprint("certification", __name__, url_prefix="/certification")

# Routes register on import; reminders registers a notification kind and signing the lock on
# signed rows (views_hours, views_signoff, reminders and signing are cert-hours').
from . import (  # noqa: E402,F401
    reminders,
    signing,
    views,
    views_hours,
    views_signoff,
)
