"""Shared by the privacy admin tests: every manager-visible report output, as text."""

from __future__ import annotations

import re

from peertrain.reports.catalogue import REPORTS
from peertrain.reports.evidence_lists import EVIDENCE

from .reports_data import END, START

# Per-response values (the CSP nonce, the CSRF token, the request id) differ on every page, and
# the dashboard's "as of" line names the minute its figures were computed.
VOLATILE = re.compile(
    r'(nonce|csrf_token|value)="[^"]*"|[0-9a-f]{32}|<p class="hint as-of">[^<]*</p>'
)


def report_urls(*, csv_only: bool = False) -> list[str]:
    urls = ["/reports/findings.csv"] + ([] if csv_only else ["/reports/", "/reports/?all=1"])
    for name in REPORTS:
        urls.append(f"/reports/{name}.csv")
        if not csv_only:
            urls.append(f"/reports/{name}")
    urls += ["/reports/coverage.csv?table=trend", "/reports/coverage.csv?table=new_starters"]
    urls += ["/reports/flags.csv?table=rates", "/reports/flags.csv?table=wellbeing"]
    for kind in EVIDENCE:
        urls.append(f"/reports/evidence/{kind}.csv")
        if not csv_only:
            urls.append(f"/reports/evidence/{kind}")
    return urls


def outputs(client, urls, *, team=None, start=START, end=END) -> dict[str, str]:
    qs = f"start={start}&end={end}" + (f"&team={team}" if team else "")
    out = {}
    for url in urls:
        response = client.get(url + ("&" if "?" in url else "?") + qs)
        assert response.status_code == 200, url
        out[url] = VOLATILE.sub("", response.get_data(as_text=True))
    return out
