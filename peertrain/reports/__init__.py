"""Manager reports: workforce figures and integration and resourcing gap findings."""

from flask import Blueprint

from .. import nav
from ..models import Role

bp = Blueprint("reports", __name__, url_prefix="/reports")

nav.add(
    Role.MANAGER,
    "Reports",
    "reports.dashboard",
    "Gap findings for your teams, most severe first, and the workforce reports behind them.",
    10,
)

from . import views  # noqa: E402,F401  (routes register on import)
