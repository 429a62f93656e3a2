"""The supervisor capacity plan meets the ratio and the lived-experience target on fixtures,
checked independently by replaying its moves, and says when it cannot and by how much."""

from __future__ import annotations

import csv
import io
import math

import pytest

from peertrain.integration.capacity import Supervisor, Worker, plan, team_needs
from peertrain.models import Role

RATIO, LIVED = 7.0, 50.0


def replay(workers, sups, p):
    """The assignments after the plan's moves, worked out again from the names."""
    by_name = {s.name: s for s in sups}
    held = {w.name: {next(s.name for s in sups if s.id == sid) for sid in w.supervisors}
            for w in workers}  # fmt: skip
    for m in p.moves:
        if m.from_supervisor:
            held[m.worker].discard(m.from_supervisor)
        if m.to_supervisor:
            held[m.worker].add(m.to_supervisor)
    fte = {w.name: w.fte for w in workers}
    load = {s.name: s.fixed_load for s in sups}
    for name, theirs in held.items():
        for s in theirs:
            load[s] += fte[name]
    over = [s for s in sups if load[s.name] > s.fte * RATIO + 1e-9]
    supervised = [n for n, theirs in held.items() if theirs]
    peer = [n for n in supervised if any(by_name[s].peer for s in held[n])]
    return held, over, supervised, peer


def _plan(workers, sups, share=None):
    needs = team_needs(workers, sups, share or {}, RATIO, LIVED)
    return plan(workers, sups, needs, RATIO, LIVED)


def test_overload_unsupervised_and_lived_experience_all_met():
    busy = Supervisor(1, "Busy Non-peer", 1, "Oak", 0.5, peer=False)
    peer = Supervisor(2, "Open Peer", 1, "Oak", 1.0, peer=True)
    workers = [Worker(10 + n, f"W{n}", 1, "Oak", 1.0, [1]) for n in range(5)]
    workers.append(Worker(20, "Newcomer", 1, "Oak", 0.5, []))
    p = _plan(workers, [busy, peer])
    held, over, supervised, peer_n = replay(workers, [busy, peer], p)
    assert p.met and not p.unplaced and not p.over_after and not p.lived_short
    assert over == []  # Busy had 5.0 FTE against 3.5
    assert len(supervised) == 6  # the newcomer was placed
    assert len(peer_n) / len(supervised) >= LIVED / 100
    assert held["Newcomer"] == {"Open Peer"}  # the team was below the target: a peer first
    reasons = {m.reason for m in p.moves}
    assert "supervisor over the ratio" in reasons and "no current supervisor" in reasons


def test_a_second_supervisor_lets_an_overloaded_assignment_simply_end():
    a = Supervisor(1, "A", 1, "Oak", 0.1, peer=True)  # capacity 0.7
    b = Supervisor(2, "B", 1, "Oak", 1.0, peer=True)
    w = Worker(10, "Shared", 1, "Oak", 1.0, [1, 2])
    p = _plan([w], [a, b])
    assert p.met
    assert [(m.from_supervisor, m.to_supervisor) for m in p.moves] == [("A", None)]


def test_says_when_it_cannot_and_how_much_more_is_needed():
    only = Supervisor(1, "Only", 1, "Oak", 1.0, peer=False)  # room for 7 FTE
    workers = [Worker(10 + n, f"W{n}", 1, "Oak", 1.0, []) for n in range(10)]
    p = _plan(workers, [only])
    assert not p.met
    assert len(p.unplaced) == 3
    assert p.extra_fte == round(3 / RATIO, 2)
    # Nobody has lived experience: half of the 7 supervised (4 workers) still need one.
    assert p.lived_short == {"Oak": 4}
    assert p.extra_peer_fte == round(4 / RATIO, 2)
    held, over, supervised, _ = replay(workers, [only], p)
    assert over == [] and len(supervised) == 7


def test_supervisees_outside_the_plan_count_against_capacity():
    s = Supervisor(1, "Shared elsewhere", 1, "Oak", 1.0, peer=True, fixed_load=6.5)
    w = Worker(10, "Wants one", 1, "Oak", 1.0, [])
    p = _plan([w], [s])
    assert not p.met and [x.name for x in p.unplaced] == ["Wants one"]


def test_team_needs_allow_for_sessions_lost_to_service_demands():
    workers = [Worker(n, f"W{n}", 1, "Oak", 1.0, []) for n in range(7)]
    sups = [Supervisor(1, "S", 1, "Oak", 0.5, peer=True)]
    [need] = team_needs(workers, sups, {1: 0.25}, RATIO, LIVED)
    assert need.needed_fte == round(7 / 7 / 0.75, 2) == 1.33
    assert need.needed_peer_fte == round(1.33 * 0.5, 2)
    assert need.gap_fte == round(1.33 - 0.5, 2)
    [capped] = team_needs(workers, sups, {1: 0.9}, RATIO, LIVED)  # at most half counted lost
    assert capped.needed_fte == 2.0


@pytest.fixture
def oak(make):
    from .integration_data import oak_team

    return oak_team(make)


def test_the_page_and_csv_from_live_records(oak, make, client, login):
    manager = make.user(Role.MANAGER)
    make.scope(manager, oak["team"])
    oak["dee"].name = "=HYPERLINK(1)"  # a name a spreadsheet would run as a formula
    from peertrain.extensions import db

    db.session.commit()
    login(manager)
    page = client.get("/integration/capacity").get_data(True)
    # Tom (0.1 FTE) carries Cai (1.0): Cai moves to Sam, who also takes Dee; Sam then holds
    # 4.0 of 7.0 FTE and every worker has a supervisor with lived experience.
    assert "The proposed reassignments meet both targets" in page
    assert "Tom Clinical" in page and "Sam Peer" in page
    response = client.get("/integration/capacity.csv")
    assert response.mimetype == "text/csv"
    text = response.get_data(True)
    rows = list(csv.reader(io.StringIO(text)))
    assert ["Supervisor FTE needed per team"] in rows and ["Proposed reassignments"] in rows
    moves = {(r[0], r[3], r[4]) for r in rows if len(r) == 6}
    assert ("Cai", "Tom Clinical", "Sam Peer") in moves
    assert ("'=HYPERLINK(1)", "(none)", "Sam Peer") in moves  # neutralised by the reports' CSV
    assert not any(cell.startswith("=") for r in rows for cell in r)
    oak_row = next(r for r in rows if r and r[0] == "Oak")
    # 4 workers x 1.0 FTE / 7, with 1 of 4 sessions lost to service demands: 4 / 7 / 0.75.
    assert float(oak_row[4]) == round(4 / 7 / 0.75, 2)
    assert math.isclose(float(oak_row[5]), 1.1)
    loads = {r[0]: r for r in rows if len(r) == 7 and r[0] in ("Sam Peer", "Tom Clinical")}
    assert (loads["Tom Clinical"][5], loads["Tom Clinical"][6]) == ("1.0", "0.0")
    assert (loads["Sam Peer"][5], loads["Sam Peer"][6]) == ("2.0", "4.0")
