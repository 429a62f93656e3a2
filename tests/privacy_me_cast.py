"""A small organisation for the My data tests: a group session with two workers, and text
planted in every record that is someone else's, so an export can be searched for it."""

from __future__ import annotations

from types import SimpleNamespace

from peertrain.extensions import db
from peertrain.models import NoteDraft, Role, SessionParticipant, SessionRevision
from peertrain.models.supervision import FlagKind

OTHERS = {
    "co_reflection": "PLANTED-CO-SUPERVISEE-SESSION-REFLECTION",
    "co_flag": "PLANTED-FLAG-ABOUT-CO-SUPERVISEE",
    "co_action": "PLANTED-CO-SUPERVISEE-ACTION",
    "co_rating": "PLANTED-RATING-NOTE-ABOUT-CO-SUPERVISEE",
    "co_observation": "PLANTED-OBSERVATION-OF-CO-SUPERVISEE",
    "co_module_reflection": "PLANTED-CO-SUPERVISEE-MODULE-REFLECTION",
    "co_draft": "PLANTED-CO-SUPERVISEE-DRAFT",
    "co_only_session": "PLANTED-SESSION-WITHOUT-THE-WORKER",
    "supervisor_draft": "PLANTED-SUPERVISOR-PRIVATE-DRAFT",
}
MINE = {
    "notes": "MINE-GROUP-SESSION-NOTES",
    "reflection": "MINE-SESSION-REFLECTION",
    "flag": "MINE-FLAG-ABOUT-ME",
    "action": "MINE-ACTION-ITEM",
    "rating": "MINE-SUPERVISOR-RATING-NOTE",
    "self": "MINE-SELF-ASSESSMENT-NOTE",
    "module_reflection": "MINE-MODULE-REFLECTION",
    "draft": "MINE-DRAFT-TEXT",
    "addendum": "MINE-ADDENDUM-BY-SUPERVISOR",
    "revision": "MINE-EARLIER-VERSION-OF-NOTES",
}


def build(make) -> SimpleNamespace:
    team, other_team = make.team(), make.team()
    sup = make.user(Role.SUPERVISOR, team=team, name="Sasha Supervisor")
    worker = make.user(Role.TRAINEE, team=team, name="Wren Worker")
    co = make.user(Role.TRAINEE, team=team, name="Cory Colleague")
    stranger = make.user(Role.TRAINEE, team=other_team, name="Sol Stranger")
    make.assign(sup, worker)
    make.assign(sup, co)
    group = make.session(sup, worker, co, what_happened=MINE["notes"])
    for part in group.participants:
        mine = part.supervisee_id == worker.id
        part.reflection = MINE["reflection"] if mine else OTHERS["co_reflection"]
    db.session.add(
        SessionRevision(
            session_id=group.id,
            version=1,
            edited_by_id=sup.id,
            snapshot={"held_on": group.held_on.isoformat(), "what_happened": MINE["revision"]},
        )
    )
    db.session.commit()
    make.flag(group, FlagKind.WELLBEING, co, OTHERS["co_flag"])
    make.flag(group, FlagKind.WORKLOAD, worker, MINE["flag"])
    make.action(group, co, OTHERS["co_action"])
    make.action(group, worker, MINE["action"])
    from peertrain.models import SessionAddendum

    db.session.add(SessionAddendum(session_id=group.id, author_id=sup.id, text=MINE["addendum"]))
    make.session(sup, co, what_happened=OTHERS["co_only_session"])
    comps = make.competency_framework({"ACC": 1})
    comp = next(iter(comps.values()))
    make.competency_rating(worker, comp, 3, "supervisor", rater=sup, note=MINE["rating"])
    make.competency_rating(worker, comp, 2, "self", note=MINE["self"])
    make.competency_rating(
        co,
        comp,
        2,
        "observation",
        rater=sup,
        note=OTHERS["co_rating"],
        observation_text=OTHERS["co_observation"],
        observed_on=group.held_on,
        observation_setting="Ward",
        attested=True,
    )
    module = make.module()
    make.reflection(worker, module, text=MINE["module_reflection"], submitted=True)
    make.reflection(co, module, text=OTHERS["co_module_reflection"], submitted=True)
    make.attempt(worker, module)
    db.session.add_all(
        [
            NoteDraft(user_id=worker.id, key="reflection:1", payload={"r": MINE["draft"]}),
            NoteDraft(user_id=co.id, key="reflection:1", payload={"r": OTHERS["co_draft"]}),
            NoteDraft(user_id=sup.id, key="session:new", payload={"n": OTHERS["supervisor_draft"]}),
        ]
    )
    db.session.commit()
    part = db.session.get(SessionParticipant, (group.id, worker.id))
    return SimpleNamespace(
        team=team,
        sup=sup,
        worker=worker,
        co=co,
        stranger=stranger,
        group=group,
        module=module,
        part=part,
    )
