"""The competency profile: current level from supervisors only, self view beside it, gaps,
history on demand, modules that build each competency, and category summaries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from peertrain.assessments.profile import (
    Gap,
    build_profile,
    current_levels,
    gap,
    latest,
    tally,
)
from peertrain.models import RatingSource

T0 = datetime(2026, 1, 1, 9, 0)


@dataclass
class R:
    """A hand-made rating: only the fields the profile logic reads."""

    id: int
    competency_id: int
    source: str
    level: int
    rated_at: datetime


@dataclass
class C:
    id: int
    code: str


@dataclass
class Cat:
    code: str
    competencies: list


def test_current_level_is_the_latest_supervisor_or_observation_rating():
    ratings = [
        R(1, 10, "supervisor", 2, T0),
        R(2, 10, "observation", 3, T0 + timedelta(days=5)),
        R(3, 10, "self", 1, T0 + timedelta(days=9)),  # newer, but self never counts
        R(4, 11, "self", 4, T0),
    ]
    assert current_levels(ratings) == {10: 3}
    assert {k: r.id for k, r in latest(ratings, self_ratings=True).items()} == {10: 3, 11: 4}


def test_the_overview_s_tally_counts_what_the_profile_rows_show():
    """The supervisor's overview counts without building rows: the same answer as the rows,
    over many made-up histories (ties in time, self after judged, nothing rated...)."""
    import random

    rng = random.Random(13)
    framework = [Cat("A", [C(1, "A-1"), C(2, "A-2")]), Cat("B", [C(3, "B-1"), C(4, "B-2")])]
    ids = [1, 2, 3, 4]
    for case in range(300):
        ratings = sorted(
            (
                R(i, rng.choice(ids), rng.choice(["self", "supervisor", "observation"]),
                  rng.randint(1, 4), T0 + timedelta(days=rng.randint(0, 6)))
                for i in range(rng.randint(0, 12))
            ),
            key=lambda r: (r.rated_at, r.id),
        )  # fmt: skip
        rows = [row for cat in build_profile(framework, ratings, {}) for row in cat.rows]
        counts = tally(ids, ratings)
        assert (counts.competent, counts.total, counts.awaiting) == (
            sum(r.competent for r in rows),
            len(rows),
            sum(r.awaiting_supervisor for r in rows),
        ), case


def test_accepts_enum_sources_as_well_as_strings():
    ratings = [R(1, 10, RatingSource.SELF, 4, T0), R(2, 10, RatingSource.SUPERVISOR, 2, T0)]
    assert current_levels(ratings) == {10: 2}


@pytest.mark.parametrize(
    ("self_level", "current", "expected"),
    [
        (None, 3, None),
        (3, None, None),
        (3, 3, None),
        (4, 3, "Self 1 level higher"),
        (2, 3, "Self 1 level lower"),
        (4, 2, "Large gap: self 2 levels higher"),
        (1, 4, "Large gap: self 3 levels lower"),
    ],
)
def test_gap_is_described_in_words(self_level, current, expected):
    found = gap(self_level, current)
    assert (found.text if found else None) == expected
    if found:
        assert found.large == (abs(self_level - current) >= 2)
        assert isinstance(found, Gap)


def test_build_profile_rows_categories_and_history_from_hand_made_ratings():
    a, b, c = C(1, "ENG-1"), C(2, "ENG-2"), C(3, "CRI-1")
    framework = [Cat("ENG", [a, b]), Cat("CRI", [c])]
    ratings = [
        R(1, 1, "supervisor", 2, T0),
        R(2, 1, "self", 4, T0 + timedelta(days=1)),
        R(3, 1, "supervisor", 3, T0 + timedelta(days=2)),
        R(4, 2, "observation", 4, T0),
        R(5, 3, "self", 2, T0),
    ]
    eng, cri = build_profile(framework, ratings, {"ENG-1": [("m", "Module M")]})
    row_a, row_b = eng.rows
    assert (row_a.self_level, row_a.current_level) == (4, 3)
    assert [r.id for r in row_a.history] == [3, 2, 1]  # newest first
    assert row_a.modules == [("m", "Module M")] and row_b.modules == []
    assert row_a.gap.text == "Self 1 level higher"
    assert not row_a.awaiting_supervisor  # the supervisor rated after the self-assessment
    assert (eng.competent_count, eng.total, eng.lowest, eng.met) == (2, 2, 3, True)
    [row_c] = cri.rows
    assert (row_c.self_level, row_c.current_level, row_c.awaiting_supervisor) == (2, None, True)
    assert (cri.competent_count, cri.unrated_count, cri.lowest, cri.met) == (0, 1, None, False)


# --- the page -------------------------------------------------------------------------------


@pytest.fixture
def cast(make):
    return make.competency_cast()


def test_profile_shows_self_and_current_side_by_side_with_the_gap(client, login, make, cast):
    eng1, cri1 = cast.comps["ENG-1"], cast.comps["CRI-1"]
    make.competency_rating(cast.worker, eng1, 4, days_ago=3)
    make.competency_rating(cast.worker, eng1, 2, "supervisor", cast.supervisor, "n", days_ago=9)
    make.competency_rating(cast.worker, cri1, 3, "observation", cast.supervisor, days_ago=2)
    login(cast.worker)
    html = client.get("/competency/").get_data(as_text=True)
    assert "Your competencies" in html
    row = html.split('id="c-ENG-1"')[1].split("</tr>")[0]
    assert "4 · Proficient" in row and "2 · Developing" in row
    assert "Large gap: self 2 levels higher" in row
    assert "New self-assessment" in row  # the self view is newer than the supervisor's
    assert 'class="gap-large"' in html
    cri_row = html.split('id="c-CRI-1"')[1].split("</tr>")[0]
    assert "3 · Competent" in cri_row and "Observation of practice" in cri_row
    assert "badge" not in cri_row  # no self view, no gap
    assert "Sasha Supervisor" in html  # current supervisor shown, not the former one
    assert "Fran Former" not in html


def test_a_newer_self_assessment_never_replaces_the_current_level(client, login, make, cast):
    eng1 = cast.comps["ENG-1"]
    make.competency_rating(cast.worker, eng1, 2, "supervisor", cast.supervisor, "n", days_ago=9)
    login(cast.worker)
    client.post("/competency/self-assessment", data={"competency": "ENG-1", "level": "4"})
    html = client.get("/competency/").get_data(as_text=True)
    row = html.split('id="c-ENG-1"')[1].split("</tr>")[0]
    cells = row.split("<td>")
    assert "4 · Proficient" in cells[1]  # self-assessment column
    assert "2 · Developing" in cells[2]  # current level column


def test_history_shows_rater_source_date_and_evidence(client, login, make, cast):
    cri1 = cast.comps["CRI-1"]
    module = make.rating_module("Crisis basics", ["CRI-1"], completed_by=cast.worker)
    session = make.rating_session(cast.supervisor, cast.worker)
    make.competency_rating(
        cast.worker,
        cri1,
        2,
        "supervisor",
        cast.former,
        note="Early days.",
        days_ago=100,
        evidence_module_id=module.id,
    )
    make.competency_rating(
        cast.worker,
        cri1,
        3,
        "observation",
        cast.supervisor,
        note="Much steadier.",
        days_ago=1,
        evidence_session_id=session.id,
        observed_on=session.held_on,
        observation_setting="a ward round",
        observation_text="Followed the safety plan.",
        attested=True,
    )
    login(cast.supervisor)
    html = client.get(f"/competency/people/{cast.worker.id}").get_data(as_text=True)
    link = f'href="/competency/people/{cast.worker.id}/history/CRI-1">History of CRI-1 (2 ratings)'
    assert link in html
    assert "Much steadier." not in html  # the notes are on the history page, not the profile
    page = client.get(f"/competency/people/{cast.worker.id}/history/CRI-1")
    assert page.status_code == 200
    history = page.get_data(as_text=True)
    assert "Every rating of CRI-1, newest first" in history
    newest, oldest = history.split("<tbody>")[1].split("</tr>")[:2]
    assert "Sasha Supervisor" in newest and "Observation of practice" in newest
    assert "Current" in newest
    assert f"Supervision session on {session.held_on.strftime('%-d %b %Y')}" in newest
    assert "in a ward round (attested by Sasha Supervisor): Followed the safety plan." in newest
    assert "Note: Much steadier." in newest
    assert "Fran Former" in oldest and "Completed module: Crisis basics" in oldest
    assert "Note: Early days." in oldest


def test_modules_that_build_a_competency_are_current_versions_only(client, login, make, cast):
    make.rating_module("Crisis v1", ["CRI-1"], slug="crisis", is_current=False, version=1)
    make.rating_module("Crisis v2", ["CRI-1", "ENG-2"], slug="crisis", version=2)
    make.rating_module("Other", ["ENG-2"])
    login(cast.worker)
    html = client.get("/competency/").get_data(as_text=True)
    cri1 = html.split('id="c-CRI-1"')[1].split("</tr>")[0]
    eng2 = html.split('id="c-ENG-2"')[1].split("</tr>")[0]
    assert "Crisis v2" in cri1 and "Crisis v1" not in cri1
    assert "Crisis v2" in eng2 and "Other" in eng2
    assert "None yet" in html.split('id="c-ENG-1"')[1].split("</tr>")[0]


def test_category_summary_counts_competent_and_names_the_rule(client, login, make, cast):
    for code in ("ENG-1", "ENG-2"):
        make.competency_rating(cast.worker, cast.comps[code], 3, "supervisor", cast.supervisor)
    make.competency_rating(cast.worker, cast.comps["CRI-1"], 2, "supervisor", cast.supervisor)
    login(cast.worker)
    html = client.get("/competency/").get_data(as_text=True)
    summary = html.split('id="summary-h"')[1].split("</table>")[0]
    eng, cri = summary.split("<tbody>")[1].split("</tr>")[:2]
    assert "2 of 2" in eng and "Competent</span>" in eng and "3 · Competent" in eng
    assert "0 of 2" in cri and "Not yet" in cri and "1 not yet rated" in cri
    assert "never count as the current level" in html


def test_profile_of_nobody_is_not_found(client, login, cast):
    login(cast.manager)
    assert client.get("/competency/people/999999").status_code == 404


def test_profile_without_a_framework_says_so(client, login, make):
    worker = make.user("trainee")
    login(worker)
    response = client.get("/competency/")
    assert response.status_code == 200
    assert b"has not been loaded yet" in response.data
