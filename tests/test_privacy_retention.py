"""`flask retention apply`: leavers past retention are anonymised, held people are not, the dry
run prints what the real run then does, and a second run finds nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from peertrain.clock import today, utcnow
from peertrain.extensions import db
from peertrain.models import AuditEvent, NoteDraft, Reflection, Role, User
from peertrain.privacy import retention

from . import reports_data as rd
from .privacy_admin_helpers import outputs, report_urls
from .reports_data import small_org


@pytest.fixture
def people(app, make):
    """Three leavers, each with a reflection and a supervision session: one left seven years
    ago (due), one two years ago (not yet), one seven years ago but under legal hold."""
    sup = make.user(Role.SUPERVISOR, name="Sam Supervisor")
    long_ago = today() - timedelta(days=7 * 366)
    out = {}
    for key, left, hold in [
        ("due", long_ago, False),
        ("recent", today() - timedelta(days=2 * 365), False),
        ("held", long_ago, True),
    ]:
        person = make.user(Role.TRAINEE, name=f"Leaver {key}", left_on=left, legal_hold=hold)
        module = make.module(f"mod-{key}")
        make.reflection(person, module, prompt_id="r1", text=f"Words of {key}", submitted=True)
        session = rd.held(sup, left - timedelta(days=30), person)
        session.what_happened = f"Notes about {key}"
        out[key] = person
    stale = utcnow() - timedelta(days=40)
    for key in ("due", "held"):
        db.session.add(
            NoteDraft(user_id=out[key].id, key="session:new", payload={}, updated_at=stale)
        )
    db.session.commit()
    return out


def _lines(output: str) -> list[str]:
    return output.splitlines()[1:]  # the first line says whether it was a dry run


def test_dry_run_prints_what_the_real_run_does(app, people):
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["retention", "apply", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert dry.output.startswith("Dry run: nothing changed.")
    assert "people anonymised: 1" in dry.output
    assert "training reflections: 1" in dry.output and "stale drafts: 1" in dry.output
    assert db.session.get(User, people["due"].id).name == "Leaver due"  # nothing changed
    real = runner.invoke(args=["retention", "apply"])
    assert real.exit_code == 0, real.output
    assert _lines(real.output) == _lines(dry.output)
    db.session.expire_all()
    due, recent, held = (db.session.get(User, people[k].id) for k in ("due", "recent", "held"))
    assert due.name == f"Former worker #{due.id}" and due.anonymised_at is not None
    assert recent.name == "Leaver recent" and held.name == "Leaver held"
    texts = dict(db.session.execute(select(Reflection.user_id, Reflection.text)).all())
    assert texts == {due.id: "", recent.id: "Words of recent", held.id: "Words of held"}
    # The held person's stale draft is kept; the due one's went with their other records.
    assert [d.user_id for d in db.session.scalars(select(NoteDraft))] == [held.id]
    summary = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "retention_apply"))
    assert "people anonymised: 1" in summary.detail and "Words" not in summary.detail


def test_a_second_run_finds_nothing(app, people):
    runner = app.test_cli_runner()
    runner.invoke(args=["retention", "apply"])
    again = runner.invoke(args=["retention", "apply", "--dry-run"])
    assert all(line.endswith(": 0") for line in _lines(again.output)), again.output
    assert runner.invoke(args=["retention", "apply"]).exit_code == 0
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "retention_apply"))
    assert [e.detail for e in events][-1] == "nothing due"


def test_lifting_a_hold_lets_retention_proceed(app, people):
    held = people["held"]
    held.legal_hold = False
    db.session.commit()
    found = retention.apply(app.config, dry_run=False)
    assert found["people anonymised"] == 2
    assert db.session.get(User, held.id).anonymised_at is not None


@pytest.mark.parametrize("config_overrides", [{"RECORD_RETENTION_YEARS": 1}])
def test_the_retention_period_is_a_setting(app, people):
    assert retention.apply(app.config, dry_run=True)["people anonymised"] == 2


def test_batches_cover_more_people_than_one_batch(app, make, monkeypatch):
    monkeypatch.setattr(retention, "USER_BATCH", 2)
    left = today() - timedelta(days=7 * 366)
    ids = [make.user(Role.TRAINEE, left_on=left).id for _ in range(5)]
    assert retention.apply(app.config, dry_run=False)["people anonymised"] == 5
    names = set(db.session.scalars(select(User.name).where(User.id.in_(ids))))
    assert names == {f"Former worker #{i}" for i in ids}


def test_report_figures_stay_the_same_after_retention(app, make, client, login):
    """Lola (deactivated) and Ben (still counted as a worker: his leaving date is set but his
    account was never deactivated) are anonymised; every report table reads the same."""
    org = small_org(make)
    manager = make.user(Role.MANAGER)
    make.scope(manager)
    org.lola.left_on = org.ben.left_on = today() - timedelta(days=8 * 366)
    db.session.commit()
    login(manager)
    urls = [u for u in report_urls(csv_only=True) if "/evidence/" not in u]
    before = outputs(client, urls)
    assert retention.apply(app.config, dry_run=False)["people anonymised"] == 2
    assert db.session.get(User, org.ben.id).name == f"Former worker #{org.ben.id}"
    assert outputs(client, urls) == before
