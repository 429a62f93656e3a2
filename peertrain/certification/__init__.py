"""Certification (issue 15): credentials as data, every hour counted, readiness per credential."""

from flask import Blueprint

from .. import nav
from ..models import Role

bp = Blueprint("certification", __name__, url_prefix="/certification")

nav.add(Role.TRAINEE, "Certification", "certification.mine",
        "Your credential: training, work and supervised hours, the exam.", 35)  # fmt: skip
nav.add(Role.ADMIN, "Default credential", "certification.default",
        "The credential workers work towards unless they choose another.", 30)  # fmt: skip

from . import views  # noqa: E402,F401  (routes register on import)
