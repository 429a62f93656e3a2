"""The planted-string privacy test, extended to an admin who tries each back door to a worker's
notes with approvals in force (issue 17): (a) set their supervisor's password, or point its
email at themselves and send a reset link, and sign in as them; (b) create a supervisor
account, assign it and read as it; (c) make themselves an org-wide manager. No planted string
reaches any response the admin, or an account the admin created, can get."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models import Role, User

from .accounts_helpers import last_link
from .approvals_helpers import assign, edit_user, new_user, scope, signed_in, two_admins
from .mail_helpers import outbox

PLANTED = {
    "reflection": "PLANTED-WORKER-MODULE-REFLECTION-5d1e",
    "rating": "PLANTED-SUPERVISOR-RATING-NOTE-8c2a",
    "self": "PLANTED-SELF-RATING-NOTE-1f9b",
    "what_happened": "PLANTED-SUPERVISION-NOTES-WHAT-HAPPENED-77aa",
    "what_it_meant": "PLANTED-SUPERVISION-NOTES-WHAT-IT-MEANT-3b4c",
    "what_next": "PLANTED-SUPERVISION-NOTES-WHAT-NEXT-9e0d",
}
STOLEN = "an admin's chosen passphrase"


@pytest.fixture
def org(app, make):
    team = make.team()
    sup = make.user(Role.SUPERVISOR, team=team, name="Sasha Supervisor")
    worker = make.user(Role.TRAINEE, team=team, name="Wren Worker")
    make.assign(sup, worker)
    module = make.module()
    make.reflection(worker, module, text=PLANTED["reflection"], submitted=True)
    comp = next(iter(make.competency_framework({"ACC": 1}).values()))
    make.competency_rating(worker, comp, 3, "supervisor", rater=sup, note=PLANTED["rating"])
    make.competency_rating(worker, comp, 2, "self", note=PLANTED["self"])
    sess = make.session(
        sup,
        worker,
        what_happened=PLANTED["what_happened"],
        what_it_meant=PLANTED["what_it_meant"],
        what_next=PLANTED["what_next"],
    )
    sup_client = signed_in(app, sup)  # the supervisor has used their account
    ari, ari_client, bo, _ = two_admins(app, make)
    return {
        "team": team,
        "sup": sup,
        "sup_client": sup_client,
        "worker": worker,
        "module": module,
        "session": sess,
        "admin": ari,
        "client": ari_client,
    }


def _reader_urls(org) -> list[str]:
    w, s, m = org["worker"].id, org["session"].id, org["module"]
    return [
        f"/competency/people/{w}",
        f"/competency/people/{w}/history/ACC-1",  # where the rating notes are shown
        f"/competency/people/{w}/readiness",
        f"/training/supervisees/{w}",
        "/training/supervisees",
        f"/supervision/sessions/{s}",
        "/supervision/sessions",
        f"/training/{m.slug}/section/1",
        "/reports/",
        "/manager",
        "/supervisor",
        "/my-data/export",
    ]


def _admin_urls(app) -> list[str]:
    """Every GET page of every admin view, with a real id for each record page."""
    urls = []
    for view in app.extensions["admin"][0]._views:
        base = view.url.rstrip("/") + "/"
        model = getattr(view, "model", None)
        if model is None:
            urls.append(base)
            continue
        urls += [base, base + "export/csv/", base + "?search=PLANTED"]
        for pk in db.session.scalars(select(model.id)).all():
            urls += [f"{base}details/?id={pk}", f"{base}edit/?id={pk}"]
    return urls


def _assert_clean(responses) -> None:
    for where, response in responses:
        text = response.get_data(as_text=True)
        for secret in PLANTED.values():
            assert secret not in text, f"{secret} leaked at {where}"


def _sweep(client, urls) -> list:
    return [(url, client.get(url)) for url in urls]


def test_the_strings_are_planted_where_the_supervisor_reads_them(org):
    """The control: without it, a clean sweep could mean the strings were never there."""
    pages = "".join(org["sup_client"].get(url).get_data(as_text=True) for url in _reader_urls(org))
    for secret in PLANTED.values():
        assert secret in pages


def test_back_door_a_supervisors_password(app, org):
    client, sup = org["client"], org["sup"]
    seen = [("edit form", client.get(f"/admin/admin_users/edit/?id={sup.id}"))]
    assert 'name="new_password"' not in seen[0][1].get_data(as_text=True)
    seen.append(("post password", edit_user(client, sup, new_password=STOLEN)))
    assert "send them a reset link instead" in seen[-1][1].get_data(as_text=True)
    # Point the account at an address the admin reads, then send the reset link there: the
    # address change waits for the other admin, so the link goes to the supervisor.
    seen.append(("email", edit_user(client, sup, email="admin.alias@example.org")))
    seen.append(("reset link", client.post(f"/admin/admin_users/reset-link/{sup.id}")))
    resets = [m.recipient for m in outbox() if m.kind == "password_reset"]
    assert resets == [sup.email]
    as_sup = app.test_client()
    refused = as_sup.post("/auth/login", data={"email": sup.email, "password": STOLEN})
    assert refused.status_code != 302
    seen += _sweep(as_sup, _reader_urls(org)) + _sweep(client, _reader_urls(org))
    seen += _sweep(client, _admin_urls(app))
    _assert_clean(seen)


def test_back_door_b_a_new_supervisor_account_assigned_to_the_worker(app, org):
    client, worker = org["client"], org["worker"]
    seen = [
        (
            "new account",
            new_user(
                client,
                email="shadow@example.org",
                name="Shadow",
                role_choices=["trainee", "supervisor"],
                new_password=STOLEN,
            ),
        )
    ]
    shadow = db.session.scalar(select(User).where(User.email == "shadow@example.org"))
    assert shadow.roles == {Role.TRAINEE} and shadow.password_hash is None
    seen.append(("assign", assign(client, shadow, worker)))
    assert "must hold the supervisor role" in seen[-1][1].get_data(as_text=True)
    as_shadow = app.test_client()
    refused = as_shadow.post("/auth/login", data={"email": shadow.email, "password": STOLEN})
    assert refused.status_code != 302
    # An account at an address the admin reads: it is invited, so they can sign in as it, but
    # its supervisor role and its assignment wait for the other admin.
    seen.append(
        (
            "second account",
            new_user(
                client,
                email="alias@example.org",
                name="Alias",
                role_choices=["trainee", "supervisor"],
            ),
        )
    )
    alias = db.session.scalar(select(User).where(User.email == "alias@example.org"))
    as_alias = app.test_client()
    link = last_link(alias.email, "invitation")
    pw = {"password": STOLEN, "confirm": STOLEN}
    seen.append(("accept", as_alias.post(link, data=pw, follow_redirects=True)))
    signed = as_alias.post("/auth/login", data={"email": alias.email, "password": STOLEN})
    assert signed.status_code == 302  # the alias account is real...
    db.session.expire_all()
    assert db.session.get(User, alias.id).roles == {Role.TRAINEE}  # ...without the role
    seen += _sweep(as_alias, _reader_urls(org)) + _sweep(as_shadow, _reader_urls(org))
    seen += _sweep(client, _reader_urls(org)) + _sweep(client, _admin_urls(app))
    _assert_clean(seen)


def test_back_door_c_the_admin_makes_themselves_an_org_wide_manager(app, org):
    client, admin = org["client"], org["admin"]
    seen = [("roles", edit_user(client, admin, role_choices=["admin", "manager"]))]
    db.session.expire_all()
    assert db.session.get(User, admin.id).roles == {Role.ADMIN}
    seen.append(("scope", scope(client, admin)))
    assert "does not hold the manager role" in seen[-1][1].get_data(as_text=True)
    assert client.get("/reports/").status_code == 403
    seen += _sweep(client, _reader_urls(org)) + _sweep(client, _admin_urls(app))
    _assert_clean(seen)
