"""A trainee's own reflections: every page showing their text is audited, earlier versions kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models import AuditEvent, Role

OLD_SUBMITTED = "On version one I noticed I talk too much in groups."
OLD_DRAFT = "An unfinished thought from the first version."
NEW_TEXT = "On the new version I am trying to listen first."
URL = "/training/reflect/reflections"


def reads() -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "reflection_read").order_by(AuditEvent.id)
        )
    )


@pytest.fixture
def versions(make):
    """Version 1 (now superseded) with a submitted and a draft reflection; version 2 current."""
    old = make.module("reflect", version=1, is_current=False, title="Boundaries")
    new = make.module("reflect", version=2, title="Boundaries")
    trainee = make.user(Role.TRAINEE, name="Tara Trainee")
    supervisor = make.user(Role.SUPERVISOR, name="Sam Supervisor")
    make.assign(supervisor, trainee)
    submitted = make.reflection(trainee, old, prompt_id="r1", text=OLD_SUBMITTED, submitted=True)
    draft = make.reflection(trainee, old, prompt_id="r2", text=OLD_DRAFT)
    return old, new, trainee, supervisor, submitted, draft


def test_each_view_of_own_reflections_is_audited_without_text(app, make, login, client):
    module = make.module("reflect")
    me = make.user(Role.TRAINEE)
    first = make.reflection(me, module, prompt_id="r1", text="Private words.", submitted=True)
    second = make.reflection(me, module, prompt_id="r2", text="More private words.")
    login(me)
    assert "Private words." in client.get(URL).get_data(as_text=True)
    (event,) = reads()
    assert (event.actor_id, event.record_type, event.record_id, event.outcome) == (
        me.id,
        "module",
        str(module.id),
        "success",
    )
    assert event.detail == f"own reflections {first.id},{second.id}"
    client.get(URL)
    assert len(reads()) == 2  # one per page view
    assert all(
        "private" not in (e.detail or "").lower() for e in db.session.scalars(select(AuditEvent))
    )


def test_page_with_nothing_written_reads_nothing(app, make, login, client):
    make.module("reflect")
    login(make.user(Role.TRAINEE))
    assert client.get(URL).status_code == 200
    assert reads() == []


def test_refused_save_re_shows_saved_text_and_is_audited(app, make, login, client):
    module = make.module("reflect")
    me = make.user(Role.TRAINEE)
    make.reflection(me, module, prompt_id="r2", text="Already saved.")
    login(me)
    response = client.post(f"{URL}/r1", data={"p0-text": " ", "p0-submit": "Submit"})
    assert response.status_code == 400 and "Already saved.</textarea>" in response.get_data(
        as_text=True
    )
    assert [e.actor_id for e in reads()] == [me.id]


def test_module_page_shows_counts_only_so_reads_no_reflection(app, make, login, client, versions):
    old, new, trainee, *_ = versions
    make.reflection(trainee, new, prompt_id="r1", text=NEW_TEXT)
    login(trainee)
    html = client.get("/training/reflect").get_data(as_text=True)
    assert "0 submitted, 1 in draft." in html
    assert "You also wrote 2 reflections on an earlier version of this module." in html
    assert NEW_TEXT not in html and OLD_SUBMITTED not in html and OLD_DRAFT not in html
    assert reads() == []


def test_reflections_from_earlier_versions_stay_readable(app, login, client, versions):
    old, new, trainee, _, submitted, draft = versions
    login(trainee)
    html = client.get(URL).get_data(as_text=True)
    earlier = html.split('id="earlier-title"')[1]
    assert '<h3 id="version-1">Version 1</h3>' in earlier
    assert OLD_SUBMITTED in earlier and OLD_DRAFT in earlier
    assert "Draft, never submitted" in earlier and "Submitted " in earlier
    # Read-only: no form for them, and the new version's prompts start empty.
    assert "<form" not in earlier and "<textarea" not in earlier
    forms = html.split('id="earlier-title"')[0]
    assert OLD_SUBMITTED not in forms and OLD_DRAFT not in forms
    assert forms.count('value="Save draft"') == 2
    (event,) = reads()
    assert (event.record_type, event.record_id) == ("module", str(new.id))
    assert event.detail == f"own reflections {submitted.id},{draft.id}"


def test_writing_on_the_new_version_leaves_the_old_one_alone(app, login, client, versions):
    old, new, trainee, supervisor, submitted, _ = versions
    login(trainee)
    client.post(f"{URL}/r1", data={"p0-text": NEW_TEXT, "p0-submit": "Submit"})
    html = client.get(URL).get_data(as_text=True)
    forms, earlier = html.split('id="earlier-title"')
    assert f"{NEW_TEXT}</textarea>" in forms and OLD_SUBMITTED in earlier
    db.session.refresh(submitted)
    assert (submitted.module_id, submitted.text) == (old.id, OLD_SUBMITTED)
    # The supervisor still sees both submitted reflections, each under its version.
    client.post("/auth/logout")
    login(supervisor)
    response = client.get(f"/training/supervisees/{trainee.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert NEW_TEXT in page and OLD_SUBMITTED in page and OLD_DRAFT not in page
    assert "Boundaries (version 1)" in page


def test_earlier_reflections_are_only_their_writers(app, make, login, client, versions):
    colleague = make.user(Role.TRAINEE)
    login(colleague)
    html = client.get(URL).get_data(as_text=True)
    assert OLD_SUBMITTED not in html and 'id="earlier-title"' not in html
    assert "earlier version" not in client.get("/training/reflect").get_data(as_text=True)
    assert reads() == []
