"""`flask demo seed`: a believable organisation for trying PeerTrain out."""

from __future__ import annotations

from ..extensions import db
from .people import DEMO_LOGINS, DEMO_PASSWORD, seed_people

__all__ = ["DEMO_LOGINS", "DEMO_PASSWORD", "seed_demo"]


def seed_demo() -> None:
    """People first; then each feature adds its records for the same organisation."""
    from . import (
        certification,
        certification_hours,
        certification_records,
        competency,
        findings,
        notifications,
        onboarding,
        supervision,
        training,
    )

    org = seed_people()
    training.seed(org)
    supervision.seed(org)
    competency.seed(org)
    certification.seed(org)
    findings.seed(org)
    onboarding.seed(org)
    certification_hours.seed(org)  # after supervision: it signs held sessions
    certification_records.seed(org)  # after the hours it counts and the portfolio shows
    db.session.commit()
    notifications.seed(org)  # last: it reads everything above, and commits as it sends
