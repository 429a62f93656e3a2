"""The demo organisation's dashboard shows real findings of every kind, each with evidence."""

from __future__ import annotations

import re

from peertrain.demo.people import DEMO_PASSWORD


def _sign_in(app, who: str):
    client = app.test_client()
    client.post(
        "/auth/login", data={"email": f"{who}@demo.peertrain.org", "password": DEMO_PASSWORD}
    )
    return client


def test_demo_dashboard_shows_findings_of_every_kind(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["content", "sync"]).exit_code == 0
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    morgan = _sign_in(app, "morgan")
    html = morgan.get("/reports/").get_data(as_text=True)
    kinds = set(re.findall(r'<span class="badge kind">(\w+)</span>', html))
    assert kinds == {"Integration", "Resourcing", "Training", "Competency"}
    assert "Jo Kowalski (0.4 FTE) supervises" in html
    assert "Few supervisors with lived experience" in html
    unsupervised = morgan.get("/reports/evidence/unsupervised").get_data(as_text=True)
    assert "Maya Cohen" in unsupervised
    # Sam supervises and still works as a peer worker: he has his own supervisor (Jo).
    assert "Sam Taylor" not in unsupervised
    assert "Sam Taylor" not in morgan.get("/reports/evidence/overdue").get_data(as_text=True)
    # Rita manages Willow Ward only.
    rita = _sign_in(app, "rita").get("/reports/").get_data(as_text=True)
    assert set(re.findall(r'<span class="finding-team">([^<]+)</span>', rita)) == {"Willow Ward"}
