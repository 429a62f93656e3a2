"""The findings dashboard and charts a manager can read (issue 18): severity and kind filters,
category names, the heat map's key, target lines, and the month to date marked as such."""

from __future__ import annotations

import re
from html import unescape

import pytest

from peertrain.models import Role

from .reports_data import END, START, csv_rows, html_tables, small_org

PERIOD = {"start": START.isoformat(), "end": END.isoformat()}


@pytest.fixture
def org(app, make):
    org = small_org(make)
    org.morgan = make.user(Role.MANAGER, name="Morgan Orgwide")
    make.scope(org.morgan)
    return org


def get(client, url, **args):
    response = client.get(url, query_string=args)
    return response, unescape(response.get_data(as_text=True))


def listed(html: str) -> list[tuple[str, str, str]]:
    """(severity, title, team) of each finding in the list."""
    return re.findall(
        r'<li class="finding severity-(\w+)">.*?<strong class="finding-title">([^<]+)</strong>'
        r'\s*<span class="finding-team">([^<]+)</span>',
        html,
        re.S,
    )


def test_severity_counts_are_links_that_filter(org, client, login):
    login(org.morgan)
    _, html = get(client, "/reports/", **PERIOD)
    assert len(listed(html)) == 15 and "Clear the filter" not in html
    link = re.search(r'<li class="count-low"><a href="([^"]+)"[^>]*><strong>2</strong> low', html)
    response = client.get(link.group(1))
    low = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert listed(low) == [
        ("low", "New workers with little supervision", "Harbour"),
        ("low", "New workers with little supervision", "Riverside"),
    ]
    current = re.search(r'<p class="current-filter" id="current-filter">(.*?)</p>', low, re.S)
    assert "<strong>low</strong>-severity" in current.group(1)
    clear = re.search(r'href="([^"]+)">Clear the filter', current.group(1)).group(1)
    assert "severity" not in clear and f"start={START}" in clear
    assert 'aria-current="true" class="current"><strong>2</strong> low' in low


def test_kind_filter_and_both_together(org, client, login):
    login(org.morgan)
    _, html = get(client, "/reports/", kind="competency", **PERIOD)
    assert [t for _, t, _ in listed(html)] == [
        "Below competent: Provides support",
        "Below competent: Engages peers",
    ]
    _, html = get(client, "/reports/", kind="competency", severity="high", **PERIOD)
    assert listed(html) == [("high", "Below competent: Provides support", "Riverside")]
    # Each set of counts is within the other filter: what its link would show.
    assert "<strong>0</strong> low" in html and "<strong>1</strong> competency" in html
    csv_text = client.get("/reports/findings.csv", query_string={"kind": "training", **PERIOD})
    rows = csv_rows(csv_text.get_data(as_text=True))
    assert {r[1] for r in rows[1:]} == {"training"} and len(rows) == 5


@pytest.mark.parametrize(
    ("args", "field", "message"),
    [
        ({"severity": "urgent"}, "severity", "Choose high, medium or low"),
        ({"kind": "<b>"}, "kind", "Choose one of the kinds in the list"),
    ],
)
def test_a_bad_filter_is_refused_next_to_its_field(org, client, login, args, field, message):
    login(org.morgan)
    response, html = get(client, "/reports/", **args)
    assert response.status_code == 400
    error = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', html).group(1)
    assert message in error


def test_titles_name_categories_not_codes(org, client, login):
    login(org.morgan)
    _, html = get(client, "/reports/", **PERIOD)
    titles = [t for _, t, _ in listed(html)]
    assert "Below competent: Engages peers" in titles
    assert not any(re.search(r": [A-Z]{3}$", t) for t in titles)
    assert "Below competent: SUP" not in html and "Below competent: ENG" not in html


def test_dashboard_is_a_compact_list_with_details_behind_each_line(org, client, login):
    login(org.morgan)
    _, html = get(client, "/reports/", **PERIOD)
    assert html.count("<details>") == 15 and "<h3>" not in html
    # The first finding's line (the site's own Menu is a <details> too, outside the list).
    summary = re.search(r'<summary><span class="finding-line">(.*?)</summary>', html, re.S).group(1)
    assert "Open" in summary and "Nobody assigned" in summary and "had " not in summary


def test_heat_map_has_a_key_to_codes_and_shades(org, client, login):
    login(org.morgan)
    _, html = get(client, "/reports/competency", **PERIOD)
    key = html[html.index('id="heat-key"') :]
    for meaning in ("nobody rated", "under 40%", "40–59%", "60–79%", "80–99%", "100%"):
        assert meaning in key, meaning
    assert "below the target of 60%" in key
    assert '<abbr title="Engages peers">ENG</abbr></dt><dd>Engages peers</dd>' in html
    assert "<title>Provides support</title>SUP" in html  # the column head's tooltip
    assert re.search(r'class="heat heat-\d below-target"', html)


def test_charts_draw_their_targets_with_the_value(org, client, login):
    login(org.morgan)
    expected = {
        "/reports/cancellations": "Threshold: at most 20%",
        "/reports/coverage": "Target: at least 50%",
        "/reports/flags": "Target: at most 0.5",
        "/reports/load": "Capacity: 100%",
    }
    for url, label in expected.items():
        _, html = get(client, url, **PERIOD)
        line = re.search(
            r'<line x1="([\d.]+)" x2="\1" [^>]*class="target-line"></line>\s*'
            r'<text [^>]*class="chart-note"[^>]*>([^<]+)</text>',
            html,
        )
        assert line and line.group(2) == label, url


def test_the_month_to_date_is_marked_and_left_out_of_hours_per_fte(org, client, login):
    login(org.morgan)
    _, whole = get(client, "/reports/coverage", **PERIOD)  # ends on 30 June: a whole month
    assert 'id="partial-month"' not in whole and "line-partial" not in whole
    _, html = get(client, "/reports/coverage", start="2025-04-01", end="2025-06-12")
    assert 'id="partial-month"' in html and "(12 of 30 days)" in html
    assert "left out of the hours-per-FTE chart" in html
    months = html_tables(html)["table-trend"]
    assert months[-1][0] == "Jun 2025 (month to date, 12 of 30 days)"
    assert [m[0] for m in months[1:-1]] == [m[0] for m in html_tables(whole)["table-trend"][1:-1]]
    assert 'class="line-partial"' in html and "* month to date" in html
    hours = html[html.index('<title id="chart-twelve-month-trend-hours-per-fte-title"') :]
    hours = hours[: hours.index("</svg>")]
    assert "Jun 2025" not in hours and "line-partial" not in hours
