"""The admin user form in people's words with native controls, and its next step: a new peer
worker leads straight on to choosing their supervisor."""

from __future__ import annotations

import re

from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models import Role, SupervisionAssignment, User


def _admin(make, login):
    admin = make.user(Role.ADMIN)
    login(admin)
    return admin


def _new_person(client, email: str, roles: list[str]):
    return client.post(
        "/admin/admin_users/new/",
        data={
            "name": "Nia New",
            "email": email,
            "fte": "1.0",
            "start_date": "2026-11-02",
            "certification_stage": "in_training",
            "is_peer": "y",
            "active": "y",
            "role_choices": roles,
        },
    )


def test_the_new_user_form_uses_native_controls_and_human_labels(client, make, login):
    _admin(make, login)
    make.team("Willow")
    html = client.get("/admin/admin_users/new/").get_data(as_text=True)
    assert '<input class="form-control" id="start_date" name="start_date" type="date"' in html
    assert 'data-role="select2"' not in html and 'data-role="datepicker"' not in html
    for label in ("Peer worker", "Supervisor", "Manager", "Admin"):
        assert f">{label}</label>" in html
    assert ">In training</option>" in html and ">in_training<" not in html
    assert re.search(r'<label for="start_date"[^>]*>Start date\s', html)
    # The team's blank choice is named, not shown empty.
    assert '<option selected value="__None">Not set</option>' in html
    assert "Leave empty to send an invitation by email" in html
    assert "keep the current password" not in html


def test_a_new_peer_worker_leads_to_choosing_their_supervisor(client, make, login):
    _admin(make, login)
    sam = make.user(Role.SUPERVISOR, name="Sam Supervisor")
    response = _new_person(client, "nia@example.org", ["trainee"])
    nia = db.session.scalar(select(User).where(User.email == "nia@example.org"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/admin/admin_assignments/new/?supervisee={nia.id}"
    )
    form = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Next: choose who supervises Nia New." in form
    chosen = re.search(r'<select[^>]*id="supervisee".*?</select>', form, flags=re.S).group(0)
    assert re.search(
        rf'<option selected value="{nia.id}">|<option value="{nia.id}" selected', chosen
    )
    saved = client.post(
        "/admin/admin_assignments/new/",
        data={"supervisor": str(sam.id), "supervisee": str(nia.id), "start_date": "2026-11-02"},
    )
    assert saved.status_code == 302
    held = db.session.scalar(
        select(SupervisionAssignment).where(SupervisionAssignment.supervisee_id == nia.id)
    )
    assert held.supervisor_id == sam.id


def test_people_who_need_no_supervisor_go_back_to_the_list(client, make, login):
    _admin(make, login)
    response = _new_person(client, "mo@example.org", ["manager"])
    assert response.status_code == 302
    assert "admin_assignments" not in response.headers["Location"]


def test_a_made_up_supervisee_in_the_address_preselects_nobody(client, make, login):
    _admin(make, login)
    for junk in ("999999", "abc", "%C2%B2", "-1", "99999999999999999999"):
        response = client.get(f"/admin/admin_assignments/new/?supervisee={junk}")
        assert response.status_code == 200
        assert "selected" not in re.search(
            r'<select[^>]*id="supervisee".*?</select>', response.get_data(as_text=True), re.S
        ).group(0)
