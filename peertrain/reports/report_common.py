"""What every report page shares: the definition of a worker, team labels."""

from __future__ import annotations

from .labels import team_name

WORKERS_DEF = (
    "Workers are the active people holding the peer worker (trainee) role in the teams "
    "shown, who had started by the last day of the period and had not left before it."
)  # the rule itself: peertrain/rules/workers.py


def team_label(row: dict) -> str:
    return team_name(row["team"])
