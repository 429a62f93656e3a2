"""The demo's certification picture: one worker part-way with hours waiting on her supervisor,
one pursuing another credential, one with the exam passed."""

from __future__ import annotations

from peertrain.demo import seed_demo
from peertrain.demo.people import DEMO_PASSWORD
from peertrain.extensions import db
from peertrain.models import DEFAULT_CREDENTIAL_KEY, CredentialChoice, Setting, User


def test_the_demo_shows_a_worker_part_way_to_ic_rc_peer_recovery(app, client, login):
    seed_demo()
    assert db.session.get(Setting, DEFAULT_CREDENTIAL_KEY).value == "icrc-peer-recovery"
    chloe = db.session.query(User).filter_by(email="chloe@demo.peertrain.org").one()
    femi = db.session.query(User).filter_by(email="femi@demo.peertrain.org").one()
    assert db.session.get(CredentialChoice, femi.id).credential_slug == "mha-ncps"
    login(chloe, DEMO_PASSWORD)
    page = client.get(f"/certification/people/{chloe.id}/readiness").get_data(as_text=True)
    assert "Peer Recovery (PR)" in page and "Your organisation's default credential." in page
    assert "<dt>Other training, verified</dt><dd>20 hours</dd>" in page
    assert "6 hours of other training waiting for a supervisor&#39;s verification." in page
    assert "<dt>Logged, not yet confirmed</dt><dd>" in page
    assert "confirmed, waiting for a supervisor&#39;s signature." in page
