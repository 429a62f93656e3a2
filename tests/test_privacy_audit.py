"""The admin audit view serves an investigation: filters by person (as actor, or as subject
or record owner), record, action, outcome and dates; paginated; an audited, formula-safe CSV."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models import AuditEvent, Role

LIST = "/admin/admin_audit/"
EXPORT = "/admin/admin_audit/export/csv/"


def flt(app, name: str, operation: str, pos: int = 0) -> str:
    """The query argument of one Flask-Admin filter (the pos-th applied), found by its name
    and operation."""
    view = next(v for v in app.extensions["admin"][0]._views if v.endpoint == "admin_audit")
    for i, f in enumerate(view._filters):
        if f.name == name and f.operation() == operation:
            return f"flt{pos}_{i}"
    raise LookupError(name)


@pytest.fixture
def trail(app, make, login):
    admin = make.user(Role.ADMIN, name="Ada Admin")
    amara = make.user(Role.TRAINEE, name="Amara", email="amara@example.org")
    sup = make.user(Role.SUPERVISOR, name="Sam")
    session = make.session(sup, amara)

    def ev(action, actor, rtype, rid, outcome="success", at=datetime(2025, 5, 1, 12), detail=None):
        db.session.add(
            AuditEvent(
                action=action,
                actor_id=actor.id if actor else None,
                record_type=rtype,
                record_id=str(rid),
                outcome=outcome,
                at=at,
                detail=detail,
            )
        )

    ev("login", amara, "user", amara.id, detail="EV-amara-login")
    ev("session_read", sup, "supervision_session", session.id, detail="EV-sup-reads-amaras")
    ev("training_record_read", sup, "user", amara.id, at=datetime(2025, 1, 5), detail="EV-old")
    ev("login", sup, "user", sup.id, outcome="denied", detail="EV-sup-denied")
    ev("admin_update", admin, "setting", "targets", detail='=HYPERLINK("http://x")')
    db.session.commit()
    login(admin)
    return {"admin": admin, "amara": amara, "sup": sup, "session": session}


def _rows(client, url: str) -> set[str]:
    html = client.get(url).get_data(as_text=True)
    return {
        d for d in ("EV-amara-login", "EV-sup-reads-amaras", "EV-old", "EV-sup-denied") if d in html
    }


def test_person_filters_as_actor_subject_or_either(app, client, trail):
    amara = trail["amara"]
    either = flt(app, "Person (actor or subject)", "is (email or user number)")
    actor = flt(app, "Person as actor", "is (email or user number)")
    subject = flt(app, "Person as subject or record owner", "is (email or user number)")
    assert _rows(client, f"{LIST}?{actor}=amara@example.org") == {"EV-amara-login"}
    # The supervisor's read of Amara's session and of her training record are about her.
    assert _rows(client, f"{LIST}?{subject}={amara.id}") == {
        "EV-amara-login",
        "EV-sup-reads-amaras",
        "EV-old",
    }
    assert _rows(client, f"{LIST}?{either}=AMARA@example.org") == {
        "EV-amara-login",
        "EV-sup-reads-amaras",
        "EV-old",
    }
    assert _rows(client, f"{LIST}?{actor}=nobody@example.org") == set()


def test_record_action_outcome_and_date_filters(app, client, trail):
    record = flt(app, "Record id", "equals", pos=1)
    rtype = flt(app, "Record type", "equals")
    outcome = flt(app, "Outcome", "equals")
    action = flt(app, "Action", "equals")
    between = flt(app, "At", "between")
    session_id = trail["session"].id
    url = f"{LIST}?{rtype}=supervision_session&{record}={session_id}"
    assert _rows(client, url) == {"EV-sup-reads-amaras"}
    assert _rows(client, f"{LIST}?{outcome}=denied") == {"EV-sup-denied"}
    assert _rows(client, f"{LIST}?{action}=training_record_read") == {"EV-old"}
    dates = "2025-01-01 00:00:00 to 2025-01-31 23:59:59"
    assert _rows(client, f"{LIST}?{between}={dates}") == {"EV-old"}


def test_the_list_is_paginated(app, client, trail):
    for i in range(60):
        db.session.add(AuditEvent(action="page_probe", record_type="user", record_id=str(i)))
    db.session.commit()
    first = client.get(LIST).get_data(as_text=True)
    assert first.count("page_probe") == 50
    assert "page=1" in first  # a link to the next page


def test_csv_export_is_audited_filtered_and_formula_safe(app, client, trail):
    outcome = flt(app, "Outcome", "equals")
    response = client.get(f"{EXPORT}?{outcome}=success")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == [
        "At",
        "Actor",
        "Action",
        "Record type",
        "Record id",
        "Outcome",
        "Ip",
        "Detail",
    ]
    details = [r[-1] for r in rows[1:]]
    assert "EV-sup-denied" not in details and "EV-amara-login" in details
    assert '\'=HYPERLINK("http://x")' in details  # text, never a formula
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "audit_export"))
    assert event.actor_id == trail["admin"].id and f"{outcome}=success" in event.detail


def test_only_admins_export_and_refusals_are_not_exports(app, make, client, login, trail):
    client.post("/auth/logout")
    manager = make.user(Role.MANAGER)
    login(manager)
    assert client.get(EXPORT).status_code == 403
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "audit_export")) is None
