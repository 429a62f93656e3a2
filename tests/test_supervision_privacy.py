"""Notes, reflections and drafts never reach admins or managers, nor the audit trail's text."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models import (
    ActionItem,
    AuditEvent,
    Flag,
    NoteDraft,
    Role,
    SessionAddendum,
    SessionParticipant,
    SessionRevision,
    SupervisionSession,
)
from peertrain.models.supervision import FlagKind

SECRETS = {
    "what_happened": "SECRET-HAPPENED-4821",
    "what_it_meant": "SECRET-MEANT-4822",
    "what_next": "SECRET-NEXT-4823",
    "reflection": "SECRET-REFLECTION-4824",
    "addendum": "SECRET-ADDENDUM-4825",
    "cancel_note": "SECRET-CANCEL-4826",
    "draft": "SECRET-DRAFT-4827",
    "revision": "SECRET-REVISION-4828",
}
SUPERVISION_MODELS = {
    SupervisionSession,
    SessionParticipant,
    Flag,
    ActionItem,
    SessionRevision,
    SessionAddendum,
    NoteDraft,
}


@pytest.fixture
def records(make, client, login):
    """Every kind of supervision text, written through the app so the audit trail fills too."""
    team = make.team()
    sup = make.user(Role.SUPERVISOR, team=team)
    worker = make.user(Role.TRAINEE, team=team)
    make.assign(sup, worker)
    sess = make.session(
        sup,
        worker,
        what_happened=SECRETS["revision"],
        what_it_meant=SECRETS["what_it_meant"],
        what_next=SECRETS["what_next"],
    )
    make.cancelled(sup, worker, note=SECRETS["cancel_note"])
    make.flag(sess, FlagKind.WORKLOAD, worker, "Summary written for managers")
    login(sup)
    edit = {
        "version": "1",
        "held_on": sess.held_on.isoformat(),
        "minutes": "60",
        "setting": "in_person",
        "what_happened": SECRETS["what_happened"],
        "what_it_meant": SECRETS["what_it_meant"],
        "what_next": SECRETS["what_next"],
    }
    assert client.post(f"/supervision/sessions/{sess.id}/edit", data=edit).status_code == 302
    url = f"/supervision/sessions/{sess.id}/addenda"
    assert client.post(url, data={"text": SECRETS["addendum"]}).status_code == 302
    client.post("/supervision/drafts/new", data={"what_happened": SECRETS["draft"]})
    client.post("/auth/logout")
    login(worker)
    url = f"/supervision/sessions/{sess.id}/reflection"
    assert client.post(url, data={"reflection": SECRETS["reflection"]}).status_code == 302
    client.get(f"/supervision/sessions/{sess.id}")
    client.post("/auth/logout")
    return sess


def _admin_urls(app) -> list[str]:
    """Every GET page of every admin view, with a real id for the record pages."""
    admin = app.extensions["admin"][0]
    urls = []
    for view in admin._views:
        base = view.url.rstrip("/") + "/"
        model = getattr(view, "model", None)
        if model is None:
            urls.append(base)
            continue
        urls += [base, base + "export/csv/", base + "?search=SECRET"]
        for pk in db.session.scalars(select(model.id)).all():
            urls += [f"{base}details/?id={pk}", f"{base}edit/?id={pk}"]
    return urls


def test_no_supervision_model_is_registered_with_flask_admin(app):
    admin = app.extensions["admin"][0]
    models = {getattr(v, "model", None) for v in admin._views}
    assert not models & SUPERVISION_MODELS
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/admin/"):
            assert "supervision_session" not in rule.rule and "note" not in rule.rule


def test_no_admin_page_shows_any_note_text(app, client, login, make, records):
    login(make.user(Role.ADMIN))
    urls = _admin_urls(app)
    assert any("admin_audit/details" in u for u in urls)
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302), url
        body = response.get_data(as_text=True)
        leaked = [s for s in SECRETS.values() if s in body]
        assert not leaked, f"{url} shows {leaked}"


def test_the_audit_log_names_record_and_action_but_never_the_text(
    app, client, login, make, records
):
    events = db.session.scalars(select(AuditEvent)).all()
    actions = {(e.action, e.record_type) for e in events}
    for wanted in [
        ("update", "supervision_session"),
        ("add_addendum", "supervision_session"),
        ("reflection", "supervision_session"),
        ("view", "supervision_session"),
        ("draft_save", "note_draft"),
    ]:
        assert wanted in actions
    for event in events:
        assert not any(s in (event.detail or "") for s in SECRETS.values())
    login(make.user(Role.ADMIN))
    page = client.get("/admin/admin_audit/?search=supervision_session").get_data(as_text=True)
    assert "supervision_session" in page and "reflection" in page


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMIN])
def test_managers_and_admins_find_no_note_text_anywhere_they_may_go(
    app, client, login, make, records, role
):
    viewer = make.user(role)
    if role == Role.MANAGER:
        make.scope(viewer)  # even org-wide
    login(viewer)
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.arguments - {"session_id"}:
            continue
        url = rule.rule.replace("<int:session_id>", str(records.id))
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert not [s for s in SECRETS.values() if s in body], url
