"""Each role's home page shows that person's real starting points."""

from __future__ import annotations

from peertrain.catalog.sync import sync_all
from peertrain.models import Role


def test_trainee_home_summarises_training_and_readiness(app, client, make, login):
    sync_all(app.config["CONTENT_DIR"])
    team = make.team("Riverside")
    supervisor = make.user(Role.SUPERVISOR, name="Sam Supervisor", team=team)
    worker = make.user(Role.TRAINEE, team=team)
    make.assign(supervisor, worker)
    login(worker)
    page = client.get("/trainee").get_data(as_text=True)
    assert "Sam Supervisor" in page
    assert "0 of 20 required modules completed (0%)" in page
    assert "Supervised hours: 0 of 6 held so far" in page
    assert 'href="/training/"' in page
    assert 'href="/certification/' in page  # the credential's requirements stay linked


def test_trainee_home_leads_with_the_next_module_and_keeps_waiting_apart(client, make, login):
    first = make.module("first", title="Peer values")
    second = make.module("second", title="Sharing your story")
    make.pathway(first, second)
    me = make.user(Role.TRAINEE)
    make.progress(me, first, completed=True)
    login(me)
    page = client.get("/trainee").get_data(as_text=True)
    # The first call to action on the page is the next module in pathway order.
    first_button = page.split('class="button"', 1)[1]
    assert first_button.startswith(' id="next-action" href="/training/second/section/1">')
    assert "Start Sharing your story" in first_button.split("</a>")[0]
    assert page.index('id="next-h"') < page.index('id="me"')
    # What waits on a supervisor is listed apart, and never as the trainee's next step.
    waiting = page.split('id="home-waiting"')[1].split("</ul>")[0]
    assert "Supervised hours: 0 of 6 held so far" in waiting
    assert "Sharing your story" not in waiting
    next_step = page.split('id="next-h"')[1].split("</section>")[0]
    assert "Supervised hours" not in next_step


def test_trainee_without_supervisor_is_told_to_raise_it(client, make, login):
    login(make.user(Role.TRAINEE))
    assert b"No current supervisor" in client.get("/trainee").data


def test_supervisor_home_lists_only_current_supervisees(client, make, login):
    supervisor = make.user(Role.SUPERVISOR)
    current = make.user(Role.TRAINEE, name="Current Person")
    former = make.user(Role.TRAINEE, name="Former Person")
    make.assign(supervisor, current)
    from datetime import timedelta

    from peertrain.clock import today

    make.assign(
        supervisor, former, start=today() - timedelta(days=90), end=today() - timedelta(days=10)
    )
    login(supervisor)
    page = client.get("/supervisor").get_data(as_text=True)
    assert "Current Person" in page and "Former Person" not in page


def test_manager_home_shows_only_teams_in_scope(client, make, login):
    mine, theirs = make.team("My Team"), make.team("Their Team")
    make.user(Role.TRAINEE, team=mine)
    manager = make.user(Role.MANAGER)
    make.scope(manager, mine)
    login(manager)
    page = client.get("/manager").get_data(as_text=True)
    assert "My Team" in page and "Their Team" not in page
    assert theirs.name == "Their Team"


def test_user_with_several_roles_sees_each_roles_links(client, make, login):
    login(make.user(Role.TRAINEE, Role.SUPERVISOR))
    assert client.get("/").headers["Location"] == "/supervisor"
    nav = client.get("/supervisor").get_data(as_text=True)
    assert 'href="/trainee"' in nav and 'href="/supervisor"' in nav
