"""The supervisor home is a to-do list: who is due, what awaits acknowledgement, open actions."""

from __future__ import annotations

import re
from datetime import timedelta

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.formatting import short_date
from peertrain.models import Role


def _section(page: str, heading_id: str) -> str:
    """The HTML of one <section> of the page, by its heading's id."""
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', page, re.S)
    assert match, heading_id
    return match.group(1)


def test_due_list_shows_overdue_and_due_this_week_not_the_fine(client, make, login):
    team = make.team("Riverside")
    me = make.user(Role.SUPERVISOR, name="Sam Supervisor")
    # Started 30 days ago: first-year workers, so the 14-day interval applies.
    late = make.user(Role.TRAINEE, name="Olu Overdue", team=team)
    soon = make.user(Role.TRAINEE, name="Dee Duesoon", team=team)
    fine = make.user(Role.TRAINEE, name="Finn Fine", team=team)
    for person, days_ago in ((late, 20), (soon, 11), (fine, 2)):
        make.assign(me, person)
        make.session(me, person, held_on=today() - timedelta(days=days_ago))
    login(me)
    page = client.get("/supervisor").get_data(as_text=True)
    due = _section(page, "due")
    assert "Olu Overdue" in due and "Overdue by 6 days" in due
    assert "Dee Duesoon" in due and short_date(today() + timedelta(days=3)) in due
    assert "Finn Fine" not in due
    assert "Riverside" in due
    assert due.index("Olu Overdue") < due.index("Dee Duesoon")
    assert f'href="/supervision/sessions/new?supervisee={late.id}"' in due
    assert "1 other supervisee is not due this week." in due
    # Dates are written for people, never ISO (links may carry ISO dates in their query).
    assert today().isoformat() not in re.sub(r"<[^>]*>", "", page)
    # The Record link really pre-fills the form with that supervisee.
    form = client.get(f"/supervision/sessions/new?supervisee={soon.id}").get_data(as_text=True)
    assert re.search(rf'value="{soon.id}"[^>]*checked|checked[^>]*value="{soon.id}"', form)


def test_nobody_due_says_so(client, make, login):
    me = make.user(Role.SUPERVISOR)
    worker = make.user(Role.TRAINEE)
    make.assign(me, worker)
    make.session(me, worker, held_on=today())
    login(me)
    page = client.get("/supervisor").get_data(as_text=True)
    assert "Nobody is overdue or due this week." in _section(page, "due")


def test_awaiting_acknowledgement_and_open_actions(client, make, login):
    me = make.user(Role.SUPERVISOR)
    asha = make.user(Role.TRAINEE, name="Asha Unread", team=make.team("Hillside"))
    ben = make.user(Role.TRAINEE, name="Ben Read")
    make.assign(me, asha)
    make.assign(me, ben)
    unread = make.session(me, asha, held_on=today() - timedelta(days=4))
    read = make.session(me, ben, held_on=today() - timedelta(days=2))
    read.participants[0].acknowledged_at = read.created_at
    db.session.commit()
    make.action(unread, asha, "Call the housing team", due_on=today() - timedelta(days=1))
    make.action(read, me, "Send Ben the sharing guide", due_on=today() + timedelta(days=5))
    make.action(read, ben, "Already finished", done=True)
    login(me)
    page = client.get("/supervisor").get_data(as_text=True)
    ack = _section(page, "ack")
    assert "Asha Unread (Hillside)" in ack and "Ben Read" not in ack
    assert short_date(today() - timedelta(days=4)) in ack
    assert f'href="/supervision/sessions/{unread.id}"' in ack
    actions = _section(page, "actions")
    assert "Late:" in actions and "Call the housing team" in actions
    assert "Send Ben the sharing guide" in actions
    assert short_date(today() + timedelta(days=5)) in actions
    assert "Already finished" not in actions
    assert actions.index("Call the housing team") < actions.index("Send Ben the sharing guide")


def test_empty_lists_say_what_is_fine(client, make, login):
    login(make.user(Role.SUPERVISOR))
    page = client.get("/supervisor").get_data(as_text=True)
    assert "Every session record has been acknowledged." in page
    assert "No action items are open." in page
    assert "No reflections were submitted in the last 14 days." in page


def test_recent_reflections_of_current_supervisees_only(client, make, login):
    me = make.user(Role.SUPERVISOR)
    mine = make.user(Role.TRAINEE, name="Mina Mine")
    other = make.user(Role.TRAINEE, name="Otto Other")
    make.assign(me, mine)
    module = make.module(title="Boundaries in peer work")
    make.reflection(mine, module, submitted=True)
    make.reflection(mine, module, prompt_id="r2")  # a draft stays private
    make.reflection(other, module, submitted=True)
    login(me)
    section = _section(client.get("/supervisor").get_data(as_text=True), "refl")
    assert "Mina Mine" in section and "Boundaries in peer work" in section
    assert section.count("<li>") == 1
    assert "Otto Other" not in section
    assert f"submitted {short_date(today())}" in section


def test_long_lists_show_the_oldest_and_say_how_many_in_all(client, make, login):
    from peertrain.home.queries import HOME_LIST_LIMIT

    me = make.user(Role.SUPERVISOR)
    asha = make.user(Role.TRAINEE, name="Asha Unread")
    make.assign(me, asha, start=today() - timedelta(days=90))
    extra = 3
    sessions = [
        make.session(me, asha, held_on=today() - timedelta(days=60 - n))
        for n in range(HOME_LIST_LIMIT + extra)
    ]
    for n, s in enumerate(sessions):
        make.action(s, asha, f"Step number {n}", due_on=today() + timedelta(days=n))
    login(me)
    page = client.get("/supervisor").get_data(as_text=True)
    ack = _section(page, "ack")
    assert f"the {HOME_LIST_LIMIT} oldest of {HOME_LIST_LIMIT + extra}" in ack
    assert ack.count('href="/supervision/sessions/') == HOME_LIST_LIMIT
    assert f'href="/supervision/sessions/{sessions[0].id}"' in ack
    assert f'href="/supervision/sessions/{sessions[-1].id}"' not in ack
    actions = _section(page, "actions")
    assert f"The {HOME_LIST_LIMIT} due first of {HOME_LIST_LIMIT + extra}" in actions
    assert "Step number 0<" in actions and f"Step number {HOME_LIST_LIMIT}<" not in actions
