"""Certification (issue 15): credentials as data, every hour counted, readiness per credential."""

from flask import Blueprint

from .. import nav
from ..models import Role

bp = Blueprint("certification", __name__, url_prefix="/certification")

nav.add(Role.TRAINEE, "Certification", "certification.mine",
        "Your credential: training, work and supervised hours, the exam.", 35)  # fmt: skip
nav.add(Role.ADMIN, "Default credential", "certification.default",
        "The credential workers work towards unless they choose another.", 30)  # fmt: skip

# Routes register on import; reminders registers a notification kind and signing the lock on
# signed rows.
from . import (  # noqa: E402,F401
    reminders,
    signing,
    views,
    views_hours,
    views_portfolio,
    views_records,
    views_signoff,
)
