"""Supervisor lists: a fixed number of statements however many supervisees, figures still right."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import event

from peertrain.assessments.readiness import readiness_for
from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import Role, SessionStatus
from peertrain.modules.plan import build_plan, build_plans

COMPETENCY = "/competency/supervisees"
TRAINING = "/training/supervisees"


@pytest.fixture
def world(make):
    """A supervisor, a small framework and a two-module required pathway."""
    first, second = make.module(title="First steps"), make.module(title="Second steps")
    make.pathway(first, second)
    return SimpleNamespace(
        supervisor=make.user(Role.SUPERVISOR, name="Sasha Supervisor"),
        team=make.team("Willow Ward"),
        modules=(first, second),
        comps=make.competency_framework({"ENG": 2, "CRI": 2}),
        people=[],
    )


def add_supervisees(make, world, how_many: int) -> None:
    """Three kinds of supervisee in turn, so every figure on both pages varies:
    0 ready (both modules, all competent, 6 hours); 1 part-way; 2 barely started."""
    first, second = world.modules
    sup, comps = world.supervisor, world.comps
    for _ in range(how_many):
        kind = len(world.people) % 3
        person = make.user(
            Role.TRAINEE,
            team=world.team,
            name=f"Worker {len(world.people) + 1:02d}",
            start_date=today() - timedelta(days=200),  # the 90-day due date has passed
        )
        make.assign(sup, person)
        world.people.append(person)
        if kind == 0:
            make.progress(person, first, completed=True)
            make.progress(person, second, completed=True)
            for comp in comps.values():
                make.competency_rating(person, comp, 3, "supervisor", sup)
            for _ in range(4):
                make.rating_session(sup, person, minutes=90)
            make.reflection(person, first, prompt_id="r1", submitted=True)
            make.reflection(person, second, prompt_id="r2", submitted=True)
        elif kind == 1:
            make.progress(person, first, completed=True)
            make.progress(person, second, read=[1])
            make.competency_rating(person, comps["ENG-1"], 3, "supervisor", sup, days_ago=3)
            make.competency_rating(person, comps["CRI-1"], 4, days_ago=1)  # self: awaiting
            make.rating_session(sup, person, minutes=90)
            make.rating_session(sup, person, minutes=60, status=SessionStatus.CANCELLED)
            make.reflection(person, first, submitted=True)
            make.reflection(person, second)  # a draft: never counted for the supervisor
        else:
            make.progress(person, second, read=[1, 2])


def statements_during_get(client, url: str) -> tuple[int, str]:
    # A real request starts with nothing loaded; the tests keep one session across requests.
    db.session.expire_all()
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(seen), response.get_data(as_text=True)


def row_text(html: str, name: str) -> str:
    """The visible text of the table row naming this person, spaces squeezed."""
    row = next(r for r in html.split("<tr>") if f">{name}</a>" in r).split("</tr>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


@pytest.mark.parametrize("url", [COMPETENCY, TRAINING])
def test_statement_count_does_not_grow_with_supervisees(client, login, make, world, url):
    login(world.supervisor)
    add_supervisees(make, world, 2)
    small, html = statements_during_get(client, url)
    assert html.count("<tr>") == 3  # a header row and two people
    add_supervisees(make, world, 10)
    big, html = statements_during_get(client, url)
    assert html.count("<tr>") == 13
    assert big == small, f"{url}: {small} statements for 2 supervisees, {big} for 12"


def test_training_list_figures(client, login, make, world):
    add_supervisees(make, world, 12)
    login(world.supervisor)
    html = client.get(TRAINING).get_data(as_text=True)
    # Name, team, started, required done (percent), in progress, overdue, submitted reflections.
    started = (today() - timedelta(days=200)).strftime("%-d %b %Y")
    expected = {
        0: f"{started} 2 of 2 (100%) 100% 0 0 2",
        1: f"{started} 1 of 2 (50%) 50% 1 1 1",
        2: f"{started} 0 of 2 (0%) 0% 1 2 0",
    }
    for n, person in enumerate(world.people):
        assert row_text(html, person.name) == f"{person.name} Willow Ward {expected[n % 3]}"


def test_competency_list_figures(client, login, make, world):
    add_supervisees(make, world, 12)
    login(world.supervisor)
    html = client.get(COMPETENCY).get_data(as_text=True)
    expected = {0: ("4 of 4", 0, "Ready"), 1: ("1 of 4", 1, "Not yet 4 missing")}
    expected[2] = ("0 of 4", 0, "Not yet 5 missing")
    for n, person in enumerate(world.people):
        competent, awaiting, readiness = expected[n % 3]
        text = row_text(html, person.name)
        assert text.startswith(f"{person.name} Willow Ward {competent} {awaiting} "), text
        assert f" {readiness} Rate" in text
        assert ("Never" in text) is (n % 3 == 2)  # no supervisor rating yet


def test_batch_figures_match_the_single_person_pages(make, world):
    """The single-person pages use the same code as the lists, one person at a time."""
    add_supervisees(make, world, 3)
    plans = build_plans(world.people)
    for person in world.people:
        one = build_plan(person)
        assert (one.done, one.total, one.in_progress, one.overdue) == (
            plans[person.id].done,
            plans[person.id].total,
            plans[person.id].in_progress,
            plans[person.id].overdue,
        )
    ready, part, barely = (readiness_for(p) for p in world.people)
    assert ready.ready and ready.hours == 6.0 and ready.missing == []
    assert part.modules_missing == ("Second steps",) and part.hours == 1.5
    assert [c.met for c in part.categories] == [False, False]
    assert barely.modules_done == () and barely.hours == 0.0 and len(barely.missing) == 5
