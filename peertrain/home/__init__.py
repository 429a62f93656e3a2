"""Each role's home page, and the dispatcher that sends a user to theirs after login."""

from flask import Blueprint

from .. import nav
from ..models import Role

bp = Blueprint("home", __name__)

nav.add(Role.TRAINEE, "Home", "home.trainee", "Your team, supervisor and training.", 0)
nav.add(Role.SUPERVISOR, "Home", "home.supervisor", "Your current supervisees.", 0)
nav.add(Role.MANAGER, "Home", "home.manager", "The teams you manage.", 0)
nav.add(Role.ADMIN, "Admin", "admin.index", "Users, teams, assignments and targets.", 0)

from . import views  # noqa: E402,F401
