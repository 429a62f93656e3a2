"""Fixtures for the role-drift log and peer-values tests: people in two teams, a past whole
quarter to put records in (so rates do not depend on today's date), and rating helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import AskedBy, DriftDone, DriftEntry, DriftTask, Role

SECRET = "ZQX-PLANTED-"  # planted in notes and comments; must never reach a manager


def last_quarter() -> tuple[date, date]:
    """The calendar quarter before the current one: whole, and wholly in the past."""
    t = today()
    this = date(t.year, 3 * ((t.month - 1) // 3) + 1, 1)
    end = this - timedelta(days=1)
    return date(end.year, 3 * ((end.month - 1) // 3) + 1, 1), end


def this_quarter_start() -> date:
    t = today()
    return date(t.year, 3 * ((t.month - 1) // 3) + 1, 1)


def entry(worker, day: date, task=DriftTask.SECURITY, note: str | None = None) -> DriftEntry:
    row = DriftEntry(worker_id=worker.id, happened_on=day, task=task, asked_by=AskedBy.NURSE,
                     done=DriftDone.YES, note=note)  # fmt: skip
    db.session.add(row)
    db.session.commit()
    return row


@dataclass
class Org:
    north: object
    south: object
    manager: object  # both teams
    north_manager: object
    sup: object  # supervises north's workers
    south_sup: object
    north_workers: list
    south_workers: list


def two_teams(make, north_size: int = 5, south_size: int = 1) -> Org:
    """North: a supervisor and `north_size` workers; South: its own supervisor and workers.
    Everyone started a year ago, so they count as workers in last quarter."""
    started = today() - timedelta(days=400)
    north, south = make.team("North"), make.team("South")
    sup = make.user(Role.SUPERVISOR, team=north, name="Noor Supervisor", start_date=started)
    south_sup = make.user(Role.SUPERVISOR, team=south, name="Sam South", start_date=started)
    nw = [make.user(Role.TRAINEE, team=north, name=f"North Worker {i}", start_date=started)
          for i in range(north_size)]  # fmt: skip
    sw = [make.user(Role.TRAINEE, team=south, name=f"South Worker {i}", start_date=started)
          for i in range(south_size)]  # fmt: skip
    for w in nw:
        make.assign(sup, w, start=started)
    for w in sw:
        make.assign(south_sup, w, start=started)
    manager = make.user(Role.MANAGER, name="Mina Manager")
    make.scope(manager)
    north_manager = make.user(Role.MANAGER, name="Nell North")
    make.scope(north_manager, north)
    return Org(north, south, manager, north_manager, sup, south_sup, nw, sw)


def scores(value: int) -> dict:
    return dict.fromkeys(("mutual", "shared_power", "transparent", "strengths", "person_driven"),
                         str(value))  # fmt: skip
