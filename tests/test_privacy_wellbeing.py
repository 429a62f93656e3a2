"""Wellbeing flags never name a worker to a manager: not in any page, drill-down, finding or
CSV. They count only as workers per whole quarter across the manager's teams, fewer than 5
hidden and larger numbers rounded, so no choice of team or dates can single anyone out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete

from peertrain.extensions import db
from peertrain.models import Flag, FlagKind, Role
from peertrain.reports import wellbeing
from peertrain.reports.filters import Filters

from . import reports_data as rd
from .privacy_admin_helpers import outputs, report_urls
from .reports_data import END, START, d, small_org

SUMMARY = "ZQWELL summary for managers"


@pytest.mark.parametrize(
    ("people", "shown"),
    [(0, "fewer than 5"), (1, "fewer than 5"), (4, "fewer than 5"), (5, 5), (7, 5), (8, 10)],
)
def test_small_numbers_are_hidden_and_the_rest_rounded(people, shown):
    assert wellbeing.shown(people) == shown


@pytest.fixture
def org(make, client, login):
    org = small_org(make)
    org.manager = make.user(Role.MANAGER, name="Mina Manager")
    make.scope(org.manager)
    login(org.manager)
    return org


def _everything(client, org) -> dict:
    """Every page and CSV for every team filter and two date ranges."""
    seen = {}
    teams = [None, org.riverside.id, org.willow.id, org.harbour.id]
    ranges = [(START, END), (START + timedelta(days=30), END - timedelta(days=20))]
    for team in teams:
        for start, end in ranges:
            for url, text in outputs(
                client, report_urls(), team=team, start=start, end=end
            ).items():
                seen[(url, team, start, end)] = text
    return seen


def test_one_persons_wellbeing_flag_changes_nothing_a_manager_can_see(org, client):
    """Differencing: the manager's every view, under every team filter and date range, is
    the same whether or not Amara (the only one) had a wellbeing concern."""
    session = rd.held(org.sam, d(4), org.amara)
    rd.flag(session, FlagKind.WELLBEING, org.amara, summary=SUMMARY)
    with_flag = _everything(client, org)
    db.session.execute(delete(Flag).where(Flag.kind == FlagKind.WELLBEING))
    db.session.commit()
    without = _everything(client, org)
    assert with_flag.keys() == without.keys()
    changed = [key for key in with_flag if with_flag[key] != without[key]]
    assert changed == []
    assert not any(SUMMARY in text for text in with_flag.values())
    wellbeing_csv = with_flag[("/reports/flags.csv?table=wellbeing", None, START, END)]
    assert wellbeing_csv.splitlines()[1:] == ["2025 Q2,fewer than 5"]


def test_a_group_flag_counts_each_worker_in_it_once(org, client):
    group = rd.held(org.sam, d(6), org.amara, org.ben, org.chloe, org.dev)
    rd.flag(group, FlagKind.WELLBEING)  # about the group: four people
    for worker in (org.amara, org.erin):  # Amara again: still one person
        rd.flag(rd.held(org.priya, d(7), worker), FlagKind.WELLBEING, worker)
    rows = wellbeing.people_by_quarter(db.session, Filters(start=START, end=END))
    assert rows == [{"quarter": "2025 Q2", "people": 5}]


def test_the_team_filter_and_the_dates_within_a_quarter_do_not_change_the_count(org, client):
    for i, worker in enumerate([org.amara, org.ben, org.chloe, org.erin, org.femi, org.isla]):
        rd.flag(rd.held(org.sam, d(3 + i), worker), FlagKind.WELLBEING, worker)
    url = "/reports/flags.csv?table=wellbeing"
    shown = {
        outputs(client, [url], team=team, start=start, end=END)[url]
        for team in (None, org.riverside.id, org.harbour.id)
        for start in (START, START + timedelta(days=40))
    }
    assert len(shown) == 1
    assert shown.pop().splitlines()[1:] == ["2025 Q2,5"]  # six people, rounded to 5


def test_no_wellbeing_in_drill_downs_summaries_or_findings_but_other_kinds_keep_theirs(org, client):
    for worker in (org.amara, org.ben, org.chloe, org.dev, org.erin, org.femi):
        for days in (2, 9, 16):  # a rate far above any target, for every team
            rd.flag(rd.held(org.sam, d(days), worker), FlagKind.WELLBEING, worker, summary=SUMMARY)
    qs = f"start={START}&end={END}"
    for url in report_urls():
        body = client.get(url + ("&" if "?" in url else "?") + qs).get_data(as_text=True)
        assert SUMMARY not in body, url
        assert "Flags: wellbeing" not in body, url
    listed = client.get(f"/reports/evidence/flags.csv?kind=wellbeing&{qs}").get_data(as_text=True)
    assert listed.splitlines() == ["Date,Team,Kind,Worker,Summary for managers"]
    workload = client.get(f"/reports/evidence/flags.csv?kind=workload&{qs}").get_data(as_text=True)
    assert "Ben" in workload and "Caseload doubled" in workload
    rates = client.get(f"/reports/flags.csv?table=rates&{qs}").get_data(as_text=True)
    assert "Wellbeing" not in rates and "Workload" in rates
