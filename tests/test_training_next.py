"""After a knowledge check: a pass leads on to the next module, a fail to another try."""

from __future__ import annotations

from peertrain.models import Role

from .factories_training import RIGHT
from .quiz_forms import form_for, open_draw

TWO_WRONG = {**RIGHT, "q1": [0], "q5": [0]}


def _result(client, slug: str, answers: dict) -> str:
    posted = client.post(f"/training/{slug}/check", data=form_for(open_draw(client, slug), answers))
    return client.get(posted.location).get_data(as_text=True)


def test_pass_offers_the_next_module_in_pathway_order(app, make, login, client):
    first = make.module("first", title="Peer values")
    second = make.module("second", title="Sharing your story")
    make.pathway(first, second)
    login(make.user(Role.TRAINEE))
    page = _result(client, "first", dict(RIGHT))
    assert "Passed." in page
    assert 'id="next-step" href="/training/second">Next module: Sharing your story</a>' in page
    assert "Try the knowledge check again" not in page


def test_pass_on_the_last_module_goes_back_to_training(app, make, login, client):
    first, last = make.module("first"), make.module("last")
    make.pathway(first, last)
    login(make.user(Role.TRAINEE))
    page = _result(client, "last", dict(RIGHT))
    assert 'id="next-step" href="/training/">Back to training</a>' in page
    assert "Next module" not in page and "Try the knowledge check again" not in page


def test_fail_offers_try_again_and_no_next_module(app, make, login, client):
    first, second = make.module("first"), make.module("second")
    make.pathway(first, second)
    login(make.user(Role.TRAINEE))
    page = _result(client, "first", TWO_WRONG)
    assert "Not passed yet." in page
    assert "Try the knowledge check again" in page
    assert "Next module" not in page and 'id="next-step"' not in page


def test_training_index_leads_with_the_next_module(app, make, login, client):
    first, second = make.module("first"), make.module("second", title="Sharing your story")
    make.pathway(first, second)
    me = make.user(Role.TRAINEE)
    make.progress(me, first, completed=True)
    login(me)
    html = client.get("/training/").get_data(as_text=True)
    lead = html.split('id="training-next"')[1].split("</p>")[0]
    assert "Next: <strong>Sharing your story</strong>" in lead
    assert 'href="/training/second/section/1">Start' in lead
    assert html.index('id="training-next"') < html.index('id="overall"')
