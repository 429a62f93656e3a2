"""Training: catalogue, module pages, knowledge checks, reflections and progress."""

from flask import Blueprint

from .. import nav
from ..catalog.locale import localise
from ..models import Role

bp = Blueprint("training", __name__, url_prefix="/training")
# `{{ module.summary|localise }}`: local facts written into text stored jurisdiction-neutral.
bp.add_app_template_filter(localise, "localise")

nav.add(Role.TRAINEE, "Training", "training.index", "Your modules, progress and due dates.", 10)
nav.add(  # their own pathway: a card on their home, not a near-twin of "Training" in the menu
    Role.SUPERVISOR,
    "My own training",
    "training.index",
    "The peer supervisor pathway and your own progress.",
    30,
    in_menu=False,
)
nav.add(
    Role.SUPERVISOR,
    "Training",
    "training.supervisees",
    "Progress and submitted reflections of the people you supervise.",
    20,
)

from . import views, views_reflections, views_supervisor  # noqa: E402,F401  (routes register)
