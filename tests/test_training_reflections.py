"""Reflections: drafts and submission, what was typed kept on errors, every write audited."""

from __future__ import annotations

from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models import AuditEvent, Reflection, ReflectionStatus, Role
from peertrain.modules.forms import REFLECTION_MAX

URL = "/training/reflect/reflections"


def the_reflection() -> Reflection:
    return db.session.scalar(select(Reflection))


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_page_shows_each_prompt_as_a_labelled_form(app, make, login, client):
    module = make.module("reflect")
    supervisor, me = make.user(Role.SUPERVISOR, name="Sam Supervisor"), make.user(Role.TRAINEE)
    make.assign(supervisor, me)
    login(me)
    html = client.get(URL).get_data(as_text=True)
    for n, prompt in enumerate(module.reflection_prompts):
        assert f'<label for="p{n}-text">{prompt["prompt"]}</label>' in html
        assert f'action="/training/reflect/reflections/{prompt["id"]}"' in html
    assert html.count('value="Save draft"') == 2 and html.count("Submit to my supervisor") == 2
    assert "Sam Supervisor" in html


def test_save_a_draft_then_submit(app, make, login, client):
    make.module("reflect")
    me = make.user(Role.TRAINEE)
    login(me)
    response = client.post(
        f"{URL}/r1", data={"p0-text": "  First thoughts.  ", "p0-save": "Save draft"}
    )
    assert response.status_code == 302 and response.location.endswith(f"{URL}#prompt-r1")
    draft = the_reflection()
    assert (draft.status, draft.text, draft.submitted_at) == (
        ReflectionStatus.DRAFT,
        "First thoughts.",
        None,
    )
    assert draft.user_id == me.id and draft.prompt == "What did you notice about yourself?"
    html = client.get(URL).get_data(as_text=True)
    assert "First thoughts.</textarea>" in html and "Draft saved" in html
    client.post(f"{URL}/r1", data={"p0-text": "Fuller thoughts.", "p0-submit": "Submit"})
    db.session.refresh(draft)
    assert draft.status == ReflectionStatus.SUBMITTED and draft.submitted_at is not None
    assert draft.text == "Fuller thoughts."
    assert [e.record_id for e in events("reflection_draft_saved")] == [str(draft.id)]
    assert [e.actor_id for e in events("reflection_submitted")] == [me.id]
    assert all("thoughts" not in (e.detail or "") for e in db.session.scalars(select(AuditEvent)))


def test_editing_a_submitted_reflection_keeps_it_submitted(app, make, login, client):
    make.module("reflect")
    login(make.user(Role.TRAINEE))
    client.post(f"{URL}/r2", data={"p1-text": "Shared.", "p1-submit": "Submit"})
    first_submitted = the_reflection().submitted_at
    html = client.get(URL).get_data(as_text=True)
    assert 'value="Save changes"' in html
    # Even a "save draft" sent by hand cannot quietly withdraw it from the supervisor.
    client.post(f"{URL}/r2", data={"p1-text": "Shared, then edited.", "p1-save": "Save draft"})
    reflection = the_reflection()
    assert reflection.status == ReflectionStatus.SUBMITTED
    assert reflection.submitted_at == first_submitted
    assert reflection.text == "Shared, then edited."
    assert len(events("reflection_edited")) == 1


def test_empty_submit_is_refused_and_nothing_saved(app, make, login, client):
    make.module("reflect")
    login(make.user(Role.TRAINEE))
    response = client.post(f"{URL}/r1", data={"p0-text": "   ", "p0-submit": "Submit"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<p class="error" id="p0-text-error">Write your reflection before submitting it.' in html
    assert 'aria-invalid="true"' in html
    assert the_reflection() is None
    response = client.post(f"{URL}/r1", data={"p0-text": "", "p0-save": "Save draft"})
    assert response.status_code == 400 and "nothing to save yet" in response.get_data(as_text=True)


def test_too_long_keeps_everything_typed(app, make, login, client):
    module = make.module("reflect")
    me = make.user(Role.TRAINEE)
    make.reflection(me, module, prompt_id="r2", text="My other answer, already saved.")
    login(me)
    typed = "A long reflection. " * (REFLECTION_MAX // 10)
    response = client.post(f"{URL}/r1", data={"p0-text": typed, "p0-submit": "Submit"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Please keep it under 5,000 characters" in html
    assert typed.strip() in html  # what was typed is all still there
    assert "My other answer, already saved.</textarea>" in html  # and the other prompt too
    assert len(list(db.session.scalars(select(Reflection)))) == 1


def test_unknown_prompt_is_404(app, make, login, client):
    make.module("reflect")
    login(make.user(Role.TRAINEE))
    assert client.post(f"{URL}/r9", data={"p0-text": "x", "p0-submit": "Submit"}).status_code == 404
    assert client.get("/training/no-module/reflections").status_code == 404


def test_reflections_are_each_persons_own(app, make, login, client):
    module = make.module("reflect")
    author, colleague = make.user(Role.TRAINEE), make.user(Role.TRAINEE)
    make.reflection(author, module, text="Something private about my week.", submitted=True)
    login(colleague)
    html = client.get(URL).get_data(as_text=True)
    assert "Something private about my week." not in html
    client.post(f"{URL}/r1", data={"p0-text": "Mine.", "p0-submit": "Submit"})
    texts = {r.user_id: r.text for r in db.session.scalars(select(Reflection))}
    assert texts == {author.id: "Something private about my week.", colleague.id: "Mine."}
