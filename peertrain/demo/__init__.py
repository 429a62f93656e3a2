"""`flask demo seed`: a believable organisation for trying PeerTrain out."""

from __future__ import annotations

from ..extensions import db
from .people import DEMO_PASSWORD, seed_people


def seed_demo() -> dict:
    org = seed_people()
    db.session.commit()
    return {"password": DEMO_PASSWORD, "accounts": org.logins}
