"""The demo's hours (issue 15): a worker halfway, one ready on signed hours, one renewing with
continuing education; every demo signature matches its rows; Sam's home shows what waits."""

from __future__ import annotations

from sqlalchemy import select

from peertrain.certification import signing
from peertrain.certification.credentials import credential_for
from peertrain.certification.queries import evidence_for
from peertrain.certification.requirements import progress
from peertrain.clock import today
from peertrain.demo import DEMO_PASSWORD, seed_demo
from peertrain.extensions import db
from peertrain.models import Signoff, TrainingRecord, User


def _person(key: str) -> User:
    return db.session.scalar(select(User).where(User.email == f"{key}@demo.peertrain.org"))


def _met(key: str) -> dict[str, bool]:
    worker = _person(key)
    credential, _ = credential_for(worker.id)
    return {
        r.key: r.met
        for r in progress(credential, evidence_for(worker, credential.id), today()).requirements
    }


def test_halfway_ready_and_renewing(app, client):
    seed_demo()
    kemi, pia = _met("kemi"), _met("pia")
    assert all(kemi.values()), kemi  # ready: every requirement met, hours signed
    assert not pia["work"] and not pia["training"]  # halfway
    grace = _person("grace")
    ethics = db.session.scalars(
        select(TrainingRecord).where(TrainingRecord.worker_id == grace.id)
    ).all()
    assert sum(t.minutes for t in ethics if "ethics" in t.topics) == 240  # 4 of 6 CE ethics hours
    signoffs = db.session.scalars(select(Signoff)).all()
    assert len(signoffs) == 3 and all(signing.verify(s) for s in signoffs)
    client.post("/auth/login", data={"email": "sam@demo.peertrain.org", "password": DEMO_PASSWORD})
    html = client.get("/supervisor").get_data(as_text=True)
    block = html.split(f'id="waiting-{_person("pia").id}"')[1].split("</li>")[0]
    assert (
        "weeks to confirm" in block
        and "1 training record to verify" in block
        and "ready to sign" in block
    )
