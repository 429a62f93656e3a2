"""Demo findings: one small correction so the gap findings tell the demo's true story.

The findings themselves come from the other seeds: Maya without a supervisor, Jo (0.4 FTE)
and Priya over the supervisee ratio, Willow Ward without a supervisor who has lived
experience, Harbour's cancellations, Willow's role-drift flags, overdue modules and
competency gaps. Reports count everyone holding the peer worker role, and Sam is a peer
supervisor who still works as a peer worker; without this he would show as never supervised
since 2020, an artefact rather than a gap. Peer supervisors usually reflect together, so Sam
meets Jo once a month (which also shows in Jo's load, already over the ratio).
"""

from __future__ import annotations

import random
from datetime import timedelta

from ..clock import today
from ..extensions import db
from ..models import SessionFormat, SessionSetting, SupervisionAssignment
from ..supervision import services
from ..supervision.entries import SessionEntry
from .people import DemoOrg

MONTHS = 12


def seed(org: DemoOrg) -> None:
    rng = random.Random(20260607)
    sam, jo = org.people["sam"], org.people["jo"]
    now = today()
    db.session.add(
        SupervisionAssignment(
            supervisor=jo, supervisee=sam, start_date=now - timedelta(days=30 * MONTHS + 10)
        )
    )
    for month in range(MONTHS):
        held_on = now - timedelta(days=30 * month + rng.randint(3, 12))
        entry = SessionEntry(
            supervisee_ids=(sam.id,),
            held_on=held_on,
            minutes=rng.choice((60, 75, 90)),
            format=SessionFormat.CO_REFLECTION,
            setting=SessionSetting.REMOTE,
            topics=("peer_values", "wellbeing_burnout"),
        )
        db.session.add(services.new_session(jo, entry))
    db.session.flush()
