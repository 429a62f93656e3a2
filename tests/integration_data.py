"""A small team with hand-worked figures for the self-assessment evidence (issue 16).

Team "Oak" (all workers started 30 days ago, so the 14-day interval applies, except Dee):
- Sam Peer (lived experience, 1.0 FTE) supervises Ann and Ben; Tom Clinical (0.1 FTE, no
  lived experience) supervises Cai; Dee has no supervisor and started 200 days ago.
- Held: Ann 1 day ago, Ben 20 days ago. Cancelled: Cai 3 days ago (service demands) and
  4 days ago (other). One role-drift flag about Ann.
- Required peer-worker module not done by Dee (past the 90-day due date).
- Supervisor pathway: one required module; Sam completed it, Tom did not.

By hand, over the 90 days to today:
- coverage: 1 of 4 seen (25 %), 3 overdue (75 %), 1 with no supervisor -> supports 1;
- lived experience: 2 of 3 supervised (66.7 %) >= 50 % -> supports 3;
- ratio: Tom carries 1.0 FTE against 0.1 x 7 = 0.7 (142.9 %), below 1.5 x -> supports 2;
- cancellations: 2 of 4 sessions (50 %) > 2 x 20 % -> supports 1; 1 for service demands;
- role drift: 1 flag / 4 workers / (90 / 91.31) = 0.25 <= 0.5 -> supports 3;
- training overdue: 1 of 4 workers (25 %) -> supports 1;
- supervisor pathway: 1 of 2 (50 %) -> supports 2.
"""

from __future__ import annotations

from datetime import timedelta

from peertrain.clock import today
from peertrain.models import CancelReason, FlagKind, Role


def oak_team(make) -> dict:
    team = make.team("Oak")
    sam = make.user(Role.SUPERVISOR, team=team, name="Sam Peer", is_peer=True, fte=1.0)
    tom = make.user(Role.SUPERVISOR, team=team, name="Tom Clinical", fte=0.1)
    ann = make.user(Role.TRAINEE, team=team, name="Ann")
    ben = make.user(Role.TRAINEE, team=team, name="Ben")
    cai = make.user(Role.TRAINEE, team=team, name="Cai")
    dee = make.user(Role.TRAINEE, team=team, name="Dee", start_date=today() - timedelta(days=200))
    make.assign(sam, ann)
    make.assign(sam, ben)
    make.assign(tom, cai)
    held = make.session(sam, ann, held_on=today() - timedelta(days=1))
    make.session(sam, ben, held_on=today() - timedelta(days=20))
    make.cancelled(
        tom, cai, reason=CancelReason.SERVICE_DEMANDS, held_on=today() - timedelta(days=3)
    )
    make.cancelled(tom, cai, reason=CancelReason.OTHER, held_on=today() - timedelta(days=4))
    make.flag(held, FlagKind.ROLE_DRIFT, supervisee=ann)
    worker_module = make.module("oak-required")
    make.pathway(worker_module)
    for person in (ann, ben, cai):
        make.progress(person, worker_module, completed=True)
    sup_module = make.module("oak-supervising")
    make.pathway(sup_module, pathway="peer-supervisor", for_role="supervisor", title="Supervisor")
    make.progress(sam, sup_module, completed=True)
    return {"team": team, "sam": sam, "tom": tom, "ann": ann, "ben": ben, "cai": cai, "dee": dee}
