"""The role-drift log and peer-values parts of the integration blueprint: their routes (on
import) and their menu entries."""

from __future__ import annotations

from .. import nav
from ..models import Role
from . import drift_views, values_views  # noqa: F401  (routes register on import)


def add_nav() -> None:
    nav.add(
        Role.TRAINEE,
        "Role-drift log",
        "integration.drift_log",
        "Log, in a few taps, a task you were asked to do outside the peer role.",
        25,
    )
    nav.add(  # secondary: a card on the trainee's home, not in the menu
        Role.TRAINEE,
        "Rate sessions: peer values",
        "integration.values_mine",
        "Rate your sessions, anonymously, against peer values.",
        26,
        in_menu=False,
    )
    nav.add(  # secondary: a card on the supervisor's home, not in the menu
        Role.SUPERVISOR,
        "Role-drift logs",
        "integration.drift_supervisees",
        "What your current supervisees were asked to do outside the peer role.",
        15,
        in_menu=False,
    )
    nav.add(
        Role.SUPERVISOR,
        "Peer values",
        "integration.values_trend",
        "Your sessions rated against peer values, by you and (anonymously) your supervisees.",
        16,
    )
    nav.add(
        Role.MANAGER,
        "Role-drift counts",
        "integration.drift_report_page",
        "How often peer workers log tasks outside the peer role, by team and quarter.",
        40,
    )
    nav.add(
        Role.MANAGER,
        "Peer-values ratings",
        "integration.values_report_page",
        "Supervisees' anonymous ratings of supervision against peer values, by team.",
        41,
    )
