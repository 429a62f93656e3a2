"""Supervisor capacity plan, pure: supervisor FTE each team needs to meet the ratio and the
lived-experience target, and a greedy set of reassignments that meets both where it can.

The algorithm (also stated on the page and in the README):
1. Overloaded supervisors first, most over first: each hands supervisees (largest FTE first)
   to someone with room until within the ratio. A worker who has a second supervisor simply
   ends the overloaded assignment; anyone else moves.
2. Then every worker with no current supervisor, largest FTE first.
3. Then, team by team, workers supervised only by people without lived experience move to a
   supervisor with lived experience until the team reaches the target share.
Whoever receives a worker is chosen as: someone with lived experience when the worker's team
is below the target; then someone in the worker's own team; then whoever has the most room
left; ties by name. Nobody is given more than their capacity (FTE x ratio). What cannot be
placed is reported as the extra supervisor FTE the plan still needs."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_LOST_SHARE = 0.5  # service-demand cancellations beyond half of sessions: a plan can't fix


@dataclass
class Worker:
    id: int
    name: str
    team_id: int | None
    team: str | None
    fte: float
    supervisors: list[int] = field(default_factory=list)


@dataclass
class Supervisor:
    id: int
    name: str
    team_id: int | None
    team: str | None
    fte: float
    peer: bool
    fixed_load: float = 0.0  # supervisees outside the plan's teams: counted, never moved


@dataclass(frozen=True)
class Move:
    worker: str
    team: str | None
    fte: float
    from_supervisor: str | None
    to_supervisor: str | None  # None: the assignment simply ends (a second supervisor stays)
    reason: str


@dataclass
class TeamNeed:
    team_id: int | None
    team: str | None
    workers: int
    worker_fte: float
    service_share: float  # share of sessions cancelled for service demands
    needed_fte: float
    needed_peer_fte: float
    have_fte: float
    have_peer_fte: float

    @property
    def gap_fte(self) -> float:
        return round(max(0.0, self.needed_fte - self.have_fte), 2)

    @property
    def peer_gap_fte(self) -> float:
        return round(max(0.0, self.needed_peer_fte - self.have_peer_fte), 2)


@dataclass
class Plan:
    needs: list[TeamNeed]
    moves: list[Move]
    unplaced: list[Worker]
    over_after: list[str]  # supervisors still over the ratio
    lived_short: dict[str | None, int]  # team -> workers still short of the lived target
    extra_fte: float
    extra_peer_fte: float
    loads: list[dict] = field(default_factory=list)  # per supervisor: capacity, before, after

    @property
    def met(self) -> bool:
        return not (self.unplaced or self.over_after or self.lived_short)


def team_needs(workers, supervisors, service_share: dict, ratio: float, lived_min: float):
    """Per team: supervisor FTE needed = worker FTE / ratio / (1 - share of sessions lost to
    service demands), of which lived_min % with lived experience; against the FTE of the
    supervisors based in the team."""
    teams: dict = {}
    for w in workers:
        t = teams.setdefault(w.team_id, {"team": w.team, "n": 0, "fte": 0.0})
        t["n"] += 1
        t["fte"] += w.fte
    out = []
    for tid, t in teams.items():
        lost = min(service_share.get(tid, 0.0), MAX_LOST_SHARE)
        needed = t["fte"] / ratio / (1 - lost)
        home = [s for s in supervisors if s.team_id == tid]
        out.append(
            TeamNeed(tid, t["team"], t["n"], round(t["fte"], 2), round(lost, 3),
                     round(needed, 2), round(needed * lived_min / 100, 2),
                     round(sum(s.fte for s in home), 2),
                     round(sum(s.fte for s in home if s.peer), 2))
        )  # fmt: skip
    return sorted(out, key=lambda n: (n.team or "", n.team_id or 0))


class _State:
    def __init__(self, workers, supervisors, ratio, lived_min):
        self.workers = [
            Worker(**{**w.__dict__, "supervisors": list(w.supervisors)}) for w in workers
        ]
        self.sups = {s.id: s for s in supervisors}
        self.ratio, self.lived_min = ratio, lived_min
        self.load = {s.id: s.fixed_load for s in supervisors}
        for w in self.workers:
            w.supervisors = [s for s in w.supervisors if s in self.sups]
            for s in w.supervisors:
                self.load[s] += w.fte
        self.moves: list[Move] = []
        self.before = dict(self.load)

    def room(self, sid: int) -> float:
        return round(self.sups[sid].fte * self.ratio - self.load[sid], 6)

    def peer_covered(self, w: Worker) -> bool:
        return any(self.sups[s].peer for s in w.supervisors)

    def team_short(self, team_id) -> int:
        """Workers the team still needs with a lived-experience supervisor to reach the target."""
        team = [w for w in self.workers if w.team_id == team_id and w.supervisors]
        wanted = -(-len(team) * self.lived_min // 100)  # ceiling, in whole workers
        return max(0, int(wanted) - sum(self.peer_covered(w) for w in team))

    def receiver(self, w: Worker, *, exclude=(), peer_only=False) -> int | None:
        want_peer = peer_only or self.team_short(w.team_id) > 0
        fits = [s for s in self.sups.values()
                if s.id not in exclude and s.id not in w.supervisors and self.room(s.id) >= w.fte
                and (s.peer or not peer_only)]  # fmt: skip
        if not fits:
            return None
        best = min(fits, key=lambda s: (not (want_peer and s.peer), s.team_id != w.team_id,
                                        -self.room(s.id), s.name, s.id))  # fmt: skip
        return best.id

    def move(self, w: Worker, old: int | None, new: int | None, reason: str) -> None:
        if old is not None:
            w.supervisors.remove(old)
            self.load[old] -= w.fte
        if new is not None:
            w.supervisors.append(new)
            self.load[new] += w.fte
        name = lambda sid: None if sid is None else self.sups[sid].name  # noqa: E731
        self.moves.append(Move(w.name, w.team, w.fte, name(old), name(new), reason))


def plan(workers, supervisors, needs, ratio: float, lived_min: float) -> Plan:
    st = _State(workers, supervisors, ratio, lived_min)
    # 1. Relieve overloaded supervisors, most over first.
    for sid in sorted(st.sups, key=lambda s: (st.room(s), st.sups[s].name)):
        theirs = sorted((w for w in st.workers if sid in w.supervisors), key=lambda w: -w.fte)
        for w in theirs:
            if st.room(sid) >= 0:
                break
            if len(w.supervisors) > 1:
                st.move(w, sid, None, "supervisor over the ratio; another supervisor stays")
            elif (to := st.receiver(w, exclude={sid})) is not None:
                st.move(w, sid, to, "supervisor over the ratio")
    # 2. Place everyone without a supervisor.
    unplaced = []
    for w in sorted((w for w in st.workers if not w.supervisors), key=lambda w: (-w.fte, w.name)):
        if (to := st.receiver(w)) is not None:
            st.move(w, None, to, "no current supervisor")
        else:
            unplaced.append(w)
    # 3. Lived experience, team by team.
    for tid in sorted({w.team_id for w in st.workers}, key=lambda t: (t is None, t or 0)):
        plain = [w for w in st.workers
                 if w.team_id == tid and w.supervisors and not st.peer_covered(w)]  # fmt: skip
        plain.sort(key=lambda w: (min(st.room(s) for s in w.supervisors), -w.fte, w.name))
        for w in plain:
            if not st.team_short(tid):
                break
            old = max(w.supervisors, key=lambda s: (-st.room(s), s))
            if (to := st.receiver(w, peer_only=True)) is not None:
                st.move(w, old, to, "team below the lived-experience target")
    over = sorted(st.sups[s].name for s in st.sups if st.room(s) < 0)
    short = {t: n for t in {w.team_id for w in st.workers} if (n := st.team_short(t))}
    teams = {w.team_id: w.team for w in st.workers}
    excess = sum(-st.room(s) for s in st.sups if st.room(s) < 0)
    # The smallest workers who would have to move: the least supervisor time that closes it.
    short_fte = sum(
        sum(sorted(w.fte for w in st.workers
                   if w.team_id == t and w.supervisors and not st.peer_covered(w))[:n])
        for t, n in short.items()
    )  # fmt: skip
    return Plan(
        needs=needs,
        moves=st.moves,
        unplaced=unplaced,
        over_after=over,
        lived_short={teams[t]: n for t, n in short.items()},
        extra_fte=round((sum(w.fte for w in unplaced) + excess) / ratio, 2),
        extra_peer_fte=round(short_fte / ratio, 2),
        loads=[
            {"supervisor": s.name, "team": s.team, "fte": s.fte, "lived": "yes" if s.peer else "no",
             "capacity": round(s.fte * ratio, 2), "before": round(st.before[s.id], 2),
             "after": round(st.load[s.id], 2)}
            for s in sorted(st.sups.values(), key=lambda s: (s.name, s.id))
        ],
    )  # fmt: skip
