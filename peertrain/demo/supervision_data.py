"""Demo supervision data: how each supervisor's year goes, and original note fragments."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import CancelReason, FlagKind

R = CancelReason
K = FlagKind


@dataclass(frozen=True)
class Profile:
    cancel_rate: float
    reasons: dict
    slack: tuple[int, int]  # days added to the due interval when booking the next session
    done_rate: float
    ack_rate: float
    group_every: int
    topics: tuple[str, ...]


PROFILES = {
    "sam": Profile(
        0.06,
        {R.SUPERVISEE_UNAVAILABLE: 5, R.SUPERVISOR_UNAVAILABLE: 3, R.OTHER: 1},
        (-3, 1),
        0.85,
        0.95,
        28,
        ("sharing_lived_experience", "peer_values", "learning_development", "boundaries"),
    ),
    "priya": Profile(
        0.16,
        {
            R.SUPERVISEE_UNAVAILABLE: 4,
            R.SERVICE_DEMANDS: 3,
            R.SUPERVISOR_UNAVAILABLE: 2,
            R.OTHER: 1,
        },
        (-1, 5),
        0.7,
        0.85,
        42,
        ("role_clarity", "team_integration", "peer_values", "ethics"),
    ),
    "jo": Profile(
        0.4,
        {R.SERVICE_DEMANDS: 6, R.NO_TIME_OR_ROOM: 4, R.SUPERVISOR_UNAVAILABLE: 2, R.OTHER: 1},
        (2, 12),
        0.5,
        0.7,
        42,
        ("wellbeing_burnout", "support_situation", "boundaries", "team_integration"),
    ),
}
# Days since the last held session for the people the demo shows as overdue.
OVERDUE = {"jack": 48, "kemi": 41, "liam": 23, "hamza": 19}
# Per worker: (kind, every how many held individual sessions it comes up), so the pattern is
# the same however the dice fall for dates and notes.
FLAG_PLAN = {
    "erin": [(K.ROLE_DRIFT, 2)],
    "hamza": [(K.ROLE_DRIFT, 2), (K.WORKLOAD, 7)],
    "femi": [(K.EXCLUDED_FROM_TEAM, 3)],
    "grace": [(K.EXCLUDED_FROM_TEAM, 4), (K.VALUES_TENSION, 6)],
    "jack": [(K.WORKLOAD, 3)],
    "kemi": [(K.WELLBEING, 4)],
    "liam": [(K.NO_ACCESS_TO_INFORMATION, 1)],
    "chloe": [(K.VALUES_TENSION, 12)],
}


HAPPENED = [
    "{name} brought a conversation with someone newly discharged who wanted to know whether "
    "things really do get better.",
    "We went back over a handover where {name} was asked to 'keep an eye on' a person rather "
    "than offer peer support.",
    "{name} described a hard phone call with a family member who was angry with the service.",
    "{name} has been asked several times to sit in on medication reviews and wanted to think "
    "about why.",
    "A person {name} has walked alongside for three months said goodbye this week; we talked "
    "about endings.",
    "{name} noticed feeling flat after back-to-back shifts and wanted space to say so.",
    "In a group {name} co-runs, someone spoke about self-harm; we went through what happened next.",
    "We looked at {name}'s note from a home visit and how to write it in the person's own words.",
    "{name} was not in the meeting where a person's plan changed, and heard about it afterwards.",
    "{name} told part of their own story to someone who felt nobody understood, and it landed.",
    "A colleague asked {name} to persuade someone to agree to an admission.",
    "{name} has started co-facilitating the hearing voices group and brought questions about "
    "holding the room.",
    "{name} still has no login for the clinical record and has been relying on what people say "
    "at handover.",
    "{name} talked about someone who keeps asking for a personal phone number.",
    "We reviewed {name}'s first weeks in post: what has been good, and what has been confusing.",
    "{name} helped someone through a benefits appeal and felt out of depth with the paperwork.",
    "A shift was so stretched that {name} spent most of it covering reception.",
    "{name} reflected on being the only peer worker on shift and on who to turn to.",
    "{name} went with someone to their first recovery college course and waited outside.",
    "A person {name} supports was readmitted; {name} wondered what could have been different.",
]
MEANT = [
    "Sharing worked because it was brief and turned back to the person's experience quickly.",
    "We named the pull to act like staff, and what that can cost in trust.",
    "Being left out of decisions says something about how the role is valued; it is not a "
    "personal failing.",
    "Endings are part of the work, and {name} handled this one with care and honesty.",
    "{name} held a boundary kindly, which is a skill worth noticing.",
    "Tiredness is information, not weakness; the rota is part of the picture.",
    "Mutuality does not mean having all the answers: 'I don't know, let's find out' is peer "
    "practice.",
    "The request sat uneasily with choice and control, which are at the heart of the role.",
    "Writing in the person's words keeps the record honest and respectful.",
    "Without the information the role needs, {name} is working with one hand tied; that is an "
    "organisational gap.",
    "Old feelings stirred for {name}; we talked about what keeps recovery strong at work.",
    "Holding a group is about safety for everyone in it, {name} included.",
    "The confusion comes from a role description that does not match what is asked day to day.",
    "Hope was what {name} offered most, and it showed.",
    "Readmission is not failure; staying in touch through it may be what matters most.",
]
NEXT = [
    "{name} will write a one-line description of the peer role to use at handovers.",
    "I will raise access to the record with the team manager this week.",
    "{name} will try a 'pause and check' question before sharing lived experience.",
    "We will pick up endings again next time.",
    "{name} will book protected time for notes on Thursdays.",
    "{name} will bring one example of a conversation that went well.",
    "I will ask for peer work to become a standing item at the team meeting.",
    "{name} will look at the wellness plan and choose one change.",
    "{name} will read the boundaries module and bring one question.",
    "{name} will ask the manager about joining the morning meeting.",
    "Keep going as now, and check in again at the next session.",
    "{name} will try co-writing the next visit note with the person.",
]
GROUP_HAPPENED = [
    "We used the group to look at how each of us introduces the peer role to new colleagues.",
    "The group shared times when they were asked to do tasks outside the role.",
    "A round on what has gone well this month, then a case discussion brought by {name}.",
    "We practised answering 'so what are you actually for?'",
    "The group talked about holding hope when the system feels stuck.",
    "Two members compared how their teams use them in ward rounds and handovers.",
]
GROUP_MEANT = [
    "There was a strong shared sense that the role is clearer when the team knows what it is.",
    "Hearing each other's strategies helped; nobody felt alone with it.",
    "The group named the values they want to protect: mutuality, choice and hope.",
    "Several people noticed they had stopped taking breaks; we agreed that matters.",
]
GROUP_NEXT = [
    "Each person will try one of the introductions we practised.",
    "We will invite the team manager to the first twenty minutes of the next group.",
    "Next group: self-care plans and what gets in the way of them.",
    "Everyone will bring one example of being used well by their team.",
]
CO_REFLECTION = [
    "{name} and a peer reflected together on sharing lived experience in first meetings.",
    "A co-reflection on working alongside clinical colleagues without losing the peer lens.",
    "Peers compared notes on supporting someone through a tribunal.",
]
REFLECTIONS = [
    "It helped to hear that the boundary I held was the right one. I felt less guilty after.",
    "I'm still not sure about sharing so much. I will keep thinking about it.",
    "I hadn't noticed how tired I was until we talked. Booking the leave now.",
    "Good session. I would like more time on the paperwork side next time.",
    "I agree with the notes, but I want to add that the ward did thank me afterwards.",
    "Writing this down made me realise the meeting matters more than I thought.",
    "Felt listened to. The practice answer for 'what are you for' will help.",
]
CANCEL_NOTES = {
    CancelReason.SERVICE_DEMANDS: [
        "Crisis call came in at the start of the slot.",
        "Short-staffed on the floor; rebooked for next week.",
        "Two admissions at once; everyone needed on the unit.",
    ],
    CancelReason.NO_TIME_OR_ROOM: [
        "No quiet room free all afternoon.",
        "Room taken for a ward round again.",
        "No protected time on the rota this week.",
    ],
    CancelReason.SUPERVISOR_UNAVAILABLE: [
        "Covering a vacancy on another site.",
        "Off sick.",
        "Training day clashed.",
    ],
    CancelReason.SUPERVISEE_UNAVAILABLE: ["On leave.", "Off sick.", "Called to a hospital visit."],
    CancelReason.OTHER: ["Fire alarm evacuation.", "IT outage; the remote call could not start."],
}
ACTIONS = [
    "Draft a one-line description of the peer role",
    "Book protected time for notes",
    "Ask for access to the electronic record",
    "Read the boundaries module and note one question",
    "Bring an example of a conversation that went well",
    "Update the personal wellness plan",
    "Ask to attend the morning meeting",
    "Find out how referrals to the hearing voices group work",
]
SUPERVISOR_ACTIONS = [
    "Raise peer work as a standing item at the team meeting",
    "Check the rota for back-to-back shifts",
    "Send the guide on sharing lived experience",
    "Ask the manager about record access",
]
SUMMARIES = {
    FlagKind.ROLE_DRIFT: [
        "Regularly asked to do observations and escorts, which takes time from peer support. "
        "Please agree with the ward which tasks are part of the peer role.",
        "Used as an extra pair of hands on busy shifts rather than in the peer role.",
    ],
    FlagKind.EXCLUDED_FROM_TEAM: [
        "Not invited to the morning huddle or ward rounds, so plans change without peer input.",
        "Left off the team email list and meeting invitations.",
    ],
    FlagKind.VALUES_TENSION: [
        "Asked to encourage people to accept treatment they have declined; this conflicts with "
        "the role's focus on choice.",
    ],
    FlagKind.NO_ACCESS_TO_INFORMATION: ["No login for the clinical record after three months."],
    FlagKind.WORKLOAD: ["Covering reception and admin on most shifts."],
    FlagKind.WELLBEING: [],  # kept between supervisor and worker: kind only
    FlagKind.SUPERVISION_NOT_RESOURCED: [
        "Supervision keeps being cancelled for service demands; protected time is needed.",
        "No room or time set aside for supervision at this site.",
    ],
}
