"""The capacity plan's inputs, read with the reports' own queries (workers, current
supervisors, supervisor load, cancellations), and its tables for the page and the CSV."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..authz import current_assignment_clause
from ..models import CancelReason, SupervisionAssignment, Team
from ..reports import queries
from ..reports.filters import Filters
from ..reports.queries import Targets
from ..reports.queries.base import workers as worker_rows
from ..reports.tables import Column, Table
from . import capacity
from .capacity import Supervisor, Worker


def inputs(session: Session, f: Filters, t: Targets):
    """(workers, supervisors, service-demand share of sessions per team)."""
    w = worker_rows(f)
    people = {
        r.id: Worker(r.id, r.name, r.team_id, r.team, float(r.fte))
        for r in session.execute(
            select(w.c.id, w.c.name, w.c.team_id, w.c.fte, Team.name.label("team"))
            .outerjoin(Team, Team.id == w.c.team_id)
            .order_by(w.c.name, w.c.id)
        )
    }
    A = SupervisionAssignment
    pairs = session.execute(
        select(A.supervisee_id, A.supervisor_id)
        .where(current_assignment_clause(f.end), A.supervisee_id.in_(select(w.c.id)))
        .order_by(A.supervisee_id, A.supervisor_id)
    ).all()
    in_plan: dict[int, float] = {}
    for wid, sid in pairs:
        if sid not in people[wid].supervisors:
            people[wid].supervisors.append(sid)
            in_plan[sid] = in_plan.get(sid, 0.0) + people[wid].fte
    sups = [
        Supervisor(r["supervisor_id"], r["supervisor"], r["team_id"], r["team"], r["fte"],
                   r["lived_experience"],
                   fixed_load=max(0.0, round(r["load_fte"] - in_plan.get(r["supervisor_id"], 0),
                                             2)))
        for r in queries.supervisor_load(session, f, t)
    ]  # fmt: skip
    share = {}
    for r in queries.cancellations(session, f):
        lost = dict(r["reasons"]).get(CancelReason.SERVICE_DEMANDS, 0)
        share[r["team_id"]] = lost / r["sessions"] if r["sessions"] else 0.0
    return list(people.values()), sups, share


def build(session: Session, f: Filters, t: Targets) -> capacity.Plan:
    people, sups, share = inputs(session, f, t)
    needs = capacity.team_needs(people, sups, share, t.ratio_max, t.lived_share_min)
    return capacity.plan(people, sups, needs, t.ratio_max, t.lived_share_min)


NEED_COLUMNS = [
    Column("team", "Team"),
    Column("workers", "Workers", num=True),
    Column("worker_fte", "Worker FTE", num=True),
    Column("service_pct", "Sessions lost to service demands (%)", num=True),
    Column("needed_fte", "Supervisor FTE needed", num=True),
    Column("have_fte", "Supervisor FTE in the team", num=True),
    Column("gap_fte", "Shortfall (FTE)", num=True),
    Column("needed_peer_fte", "Lived-experience supervisor FTE needed", num=True),
    Column("have_peer_fte", "Lived-experience supervisor FTE in the team", num=True),
    Column("peer_gap_fte", "Lived-experience shortfall (FTE)", num=True),
]
MOVE_COLUMNS = [
    Column("worker", "Worker"),
    Column("team", "Team"),
    Column("fte", "FTE", num=True),
    Column("from_supervisor", "From"),
    Column("to_supervisor", "To"),
    Column("reason", "Why"),
]


LOAD_COLUMNS = [
    Column("supervisor", "Supervisor"),
    Column("team", "Team"),
    Column("fte", "FTE", num=True),
    Column("lived", "Lived experience"),
    Column("capacity", "Capacity (FTE of supervisees)", num=True),
    Column("before", "Load now", num=True),
    Column("after", "Load after the plan", num=True),
]


def tables(p: capacity.Plan) -> list[Table]:
    needs = [
        n.__dict__ | {"service_pct": round(100 * n.service_share, 1), "gap_fte": n.gap_fte,
                      "peer_gap_fte": n.peer_gap_fte}
        for n in p.needs
    ]  # fmt: skip
    moves = [
        m.__dict__ | {"to_supervisor": m.to_supervisor or "(assignment ends)",
                      "from_supervisor": m.from_supervisor or "(none)"}
        for m in p.moves
    ]  # fmt: skip
    unplaced = [{"worker": w.name, "team": w.team, "fte": w.fte} for w in p.unplaced]
    return [
        Table("needs", "Supervisor FTE needed per team", NEED_COLUMNS, needs),
        Table("moves", "Proposed reassignments", MOVE_COLUMNS, moves),
        Table("unplaced", "Workers the plan could not place", MOVE_COLUMNS[:3], unplaced),
        Table("loads", "Supervisor load now and after the plan", LOAD_COLUMNS, p.loads),
    ]
