"""Privacy: a person's own data (who read my records, my data export), and the admin pages."""

from flask import Blueprint

from .. import nav
from ..models import Role

bp = Blueprint("privacy", __name__, url_prefix="/my-data")

for _role in Role:  # everyone has records, so every role's menu offers their own data
    nav.add(
        _role,
        "My data",
        "privacy.index",
        "See who has read your records, and download a copy of everything we hold about you.",
        90,
    )

# Each part imports its own routes here; the admin pages use absolute /admin/... rules.
from . import views_me  # noqa: E402,F401  (routes register on import)
