"""Privacy: a person's own data (who read my records, my data export), and the admin pages."""

from flask import Blueprint

from .. import nav
from ..models import Role

bp = Blueprint("privacy", __name__, url_prefix="/my-data")

# Everyone has records, so every role's home offers their own data; the header shows it with
# the account links (base.html) rather than in each role's feature menu.
for _role in Role:
    nav.add(
        _role,
        "My data",
        "privacy.index",
        "See who has read your records, and download a copy of everything we hold about you.",
        90,
        in_menu=False,
    )

# Each part imports its own routes here; the admin pages use absolute /admin/... rules.
from . import views_me  # noqa: E402,F401  (routes register on import)
