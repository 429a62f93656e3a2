"""Supervision against peer values: anonymous storage, 5 raters AND 5 sessions before anything
is shown, the differencing attack by team and dates, comments, the supervisor's trend, the
managers' aggregates and finding, against hand-computed fixtures."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import inspect, select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.integration import values_report, values_services
from peertrain.models import AuditEvent, Setting, SuperviseeValuesRating, ValuesRated
from peertrain.reports.filters import Filters

from .integration_drift_data import SECRET, last_quarter, scores, this_quarter_start, two_teams
from .reports_html import csv_rows, html_tables

NOT_ENOUGH = "not enough responses yet"


def _rate(worker, sess, mutual: int, others: int = 4, comment=None, share=False):
    values = {"mutual": mutual} | dict.fromkeys(
        ("shared_power", "transparent", "strengths", "person_driven"), others
    )
    values_services.save_supervisee_rating(worker, sess.id, values, comment, share)


def _north_rated(make, org, raters: int = 5, day=None):
    """One individual session per North worker last quarter; the first `raters` rate it with
    mutual = 1, 2, 3, ... and every other value 4."""
    start, _ = last_quarter()
    sessions = [make.session(org.sup, w, held_on=day or start + timedelta(days=10 + i))
                for i, w in enumerate(org.north_workers)]  # fmt: skip
    for i, (w, s) in enumerate(zip(org.north_workers[:raters], sessions, strict=False)):
        _rate(w, s, mutual=i + 1)
    return sessions


def _report(client, team="", start=None, end=None) -> list[list[str]]:
    a, b = last_quarter()
    url = f"/integration/values/report.csv?team={team}&start={start or a}&end={end or b}"
    return csv_rows(client.get(url).get_data(as_text=True))


def test_a_rating_row_cannot_be_joined_to_its_rater(make, client, login):
    org = two_teams(make)
    worker = org.north_workers[0]
    sess = make.session(org.sup, worker)
    login(worker)
    response = client.post(f"/integration/values/sessions/{sess.id}", data=scores(4))
    assert response.status_code == 302
    client.post(f"/integration/values/sessions/{sess.id}", data=scores(2) | {"comment": "Hm."})
    columns = {c["name"] for c in inspect(db.engine).get_columns("supervisee_values_rating")}
    assert not {"rater_id", "user_id", "supervisee_id", "created_at"} & columns
    (row,) = db.session.scalars(select(SuperviseeValuesRating)).all()  # edited, not duplicated
    assert (row.mutual, row.comment) == (2, "Hm.")
    assert len(row.rater_key) == 64 and row.rater_key != str(worker.id)
    assert row.rater_key == values_services.rater_key(sess.id, worker.id)
    # Under another secret the same person and session give another key: without the app's
    # secret nobody can compute whose row it is.
    config = client.application.config
    secret, config["SECRET_KEY"] = config["SECRET_KEY"], "another-secret"
    assert row.rater_key != values_services.rater_key(sess.id, worker.id)
    config["SECRET_KEY"] = secret
    assert row.rater_key != values_services.rater_key(sess.id, org.north_workers[1].id)
    assert db.session.scalars(select(ValuesRated.rater_id)).all() == [worker.id]
    # The supervisor's own form for the same session is theirs: the supervisee's is not shown.
    client.post("/auth/logout")
    login(org.sup)
    page = client.get(f"/integration/values/sessions/{sess.id}").get_data(as_text=True)
    assert "Your own view of the session you led" in page and "Hm." not in page
    assert "checked" not in page


def test_four_raters_show_nothing_five_show_hand_computed_means(make, client, login):
    org = two_teams(make)
    sessions = _north_rated(make, org, raters=4)
    login(org.manager)
    north = [r for r in _report(client) if r[0] == "North"]
    assert north and all(r[2:] == [NOT_ENOUGH] * 7 for r in north)
    _rate(org.north_workers[4], sessions[4], mutual=5)
    north = [r for r in _report(client) if r[0] == "North"]
    # mutual: (1+2+3+4+5)/5 = 3; the rest 4; overall (3 + 4*4)/5 = 3.8; 5 ratings.
    assert north[0][2:] == ["3.0", "4.0", "4.0", "4.0", "4.0", "3.8", "5"]
    assert north[-1][:2] == ["North", "All quarters shown"] and north[-1][2:] == north[0][2:]


def test_five_raters_in_four_sessions_are_not_enough(make, client, login):
    org = two_teams(make)
    start, _ = last_quarter()
    group = make.session(org.sup, *org.north_workers[:2], held_on=start + timedelta(days=3))
    singles = [make.session(org.sup, w, held_on=start + timedelta(days=5))
               for w in org.north_workers[2:]]  # fmt: skip
    _rate(org.north_workers[0], group, 5)
    _rate(org.north_workers[1], group, 5)
    for w, s in zip(org.north_workers[2:], singles, strict=True):
        _rate(w, s, 5)
    login(org.manager)
    assert all(r[2:] == [NOT_ENOUGH] * 7 for r in _report(client)[1:])


def test_differencing_by_team_and_dates_never_isolates_one_rater(make, client, login):
    """South has one rater (all 1s) and North one extra rating this quarter (all 1s): a
    filter change that would isolate either must show the same shown cells, nothing more."""
    org = two_teams(make, north_size=5, south_size=1)
    start, end = last_quarter()
    _north_rated(make, org)
    lone = make.session(org.south_sup, org.south_workers[0], held_on=start + timedelta(days=20))
    _rate(org.south_workers[0], lone, mutual=1, others=1)
    extra = make.session(org.sup, org.north_workers[0], held_on=this_quarter_start())
    _rate(org.north_workers[0], extra, mutual=1, others=1)
    login(org.manager)
    views = {}
    for team in ("", str(org.north.id), str(org.south.id)):
        for a, b in ((start, end), (start, today()), (start + timedelta(days=15), end)):
            views[(team, a, b)] = _report(client, team, a, b)
    north_whole = ["3.0", "4.0", "4.0", "4.0", "4.0", "3.8", "5"]
    for rows in views.values():
        for r in rows[1:]:
            if r[0] == "South":
                assert r[2:] == [NOT_ENOUGH] * 7  # the lone rater, in every view
            elif r[1] == "All quarters shown":
                assert r[2:] == north_whole  # the extra rating this quarter never leaks in
            elif r[2] != NOT_ENOUGH:
                assert r[2:] == north_whole
    everyone = views[("", start, today())]
    only_north = views[(str(org.north.id), start, today())]
    assert [r for r in everyone if r[0] == "North"] == only_north[1:]
    assert views[("", start, end)] == views[("", start + timedelta(days=15), end)]
    # The chart has North only; no figure on any manager page is one rater's 1.0.
    page = client.get(f"/integration/values/report?start={start}&end={today()}")
    body = page.get_data(as_text=True)
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert "North" in svg and "South" not in svg
    assert all("1.0" not in r[2:] for rows in views.values() for r in rows)


def test_comments_stay_with_the_supervisee_unless_shared(make, client, login):
    org = two_teams(make)
    start, _ = last_quarter()
    sessions = _north_rated(make, org)
    _rate(org.north_workers[0], sessions[0], 1, comment=f"{SECRET}private")
    _rate(org.north_workers[1], sessions[1], 2, comment="Zed: shared words", share=True)
    login(org.sup)
    trend = client.get("/integration/values/trend").get_data(as_text=True)
    assert "Zed: shared words" in trend and SECRET not in trend
    assert "North Worker" not in trend  # no names beside the comments
    client.post("/auth/logout")
    login(org.manager)
    for url in ("/integration/values/report", "/integration/values/report.csv", "/reports/",
                "/reports/evidence/peer-values", "/reports/evidence/peer-values.csv"):  # fmt: skip
        body = client.get(f"{url}?start={start}&end={today()}").get_data(as_text=True)
        assert SECRET not in body and "shared words" not in body, url


def test_supervisor_trend_has_own_ratings_and_supervisees_when_enough(make, client, login):
    org = two_teams(make)
    sessions = _north_rated(make, org, raters=4)
    mine = {"mutual": 5, "shared_power": 5, "transparent": 4, "strengths": 4, "person_driven": 2}
    values_services.save_supervisor_rating(org.sup, sessions[0].id, mine, None)
    login(org.sup)
    rows = html_tables(client.get("/integration/values/trend").get_data(as_text=True))
    (table,) = rows.values()
    start, _ = last_quarter()
    label = f"{start.year} Q{(start.month - 1) // 3 + 1}"
    row = next(r for r in table if r[0] == label)
    assert row[1:4] == ["4.0", "1", "Not enough responses yet"]  # (5+5+4+4+2)/5 = 4.0
    _rate(org.north_workers[4], sessions[4], 5)
    (table,) = html_tables(client.get("/integration/values/trend").get_data(as_text=True)).values()
    row = next(r for r in table if r[0] == label)
    assert row[1:] == ["4.0", "1", "3.8", "3.0", "4.0", "4.0", "4.0", "4.0"]


def test_finding_when_a_team_rates_low(make):
    org = two_teams(make)
    _north_rated(make, org)
    start, end = last_quarter()
    f = Filters(start=start, end=end)
    assert values_report.findings(db.session, f) == []  # 3.8 against the default 3.5
    db.session.add(Setting(key="values_rating_min", value="3.9"))
    db.session.commit()
    (x,) = values_report.findings(db.session, f)
    assert (x.team, x.severity, x.evidence) == ("North", "medium", "peer-values")
    assert "3.8 of 5" in x.sentence and "(5 ratings;" in x.sentence
    assert "Lowest: mutual (3)" in x.sentence


def test_who_may_rate(make, client, login):
    org = two_teams(make)
    sess = make.session(org.sup, org.north_workers[0])
    cancelled = make.cancelled(org.sup, org.north_workers[0])
    login(org.north_workers[1])  # not in the session
    assert client.get(f"/integration/values/sessions/{sess.id}").status_code == 403
    client.post("/auth/logout")
    login(org.north_workers[0])
    assert client.get(f"/integration/values/sessions/{cancelled.id}").status_code == 403
    bad = client.post(f"/integration/values/sessions/{sess.id}", data={"comment": "Keep me."})
    body = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "Choose 1 to 5 for &#39;mutual&#39;." in body
    assert "Keep me." in body
    denied = db.session.scalars(
        select(AuditEvent.record_id).where(
            AuditEvent.action == "values_rating_view", AuditEvent.outcome == "denied"
        )  # fmt: skip
    ).all()
    assert denied == [str(sess.id), str(cancelled.id)]


def test_a_new_secret_key_does_not_break_rating_again(make, app):
    """After SECRET_KEY is rotated the old row cannot be found: a new save adds a rating row
    but no second 'has rated' mark (README: rotate with that in mind)."""
    org = two_teams(make)
    worker = org.north_workers[0]
    sess = make.session(org.sup, worker)
    _rate(worker, sess, 3)
    secret, app.config["SECRET_KEY"] = app.config["SECRET_KEY"], "rotated-secret-key-0123456789"
    try:
        _rate(worker, sess, 5)
    finally:
        app.config["SECRET_KEY"] = secret
    assert db.session.scalars(select(ValuesRated.rater_id)).all() == [worker.id]
    assert sorted(db.session.scalars(select(SuperviseeValuesRating.mutual))) == [3, 5]
