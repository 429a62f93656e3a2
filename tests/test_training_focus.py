"""Where the eye and the focus land: error summaries take focus; a save confirms beside itself."""

from __future__ import annotations

import re
from pathlib import Path

from peertrain.models import Role

URL = "/training/reflect/reflections"
SCRIPT = '<script src="/static/js/error-summary.js" defer></script>'


def _section(html: str, prompt: str) -> str:
    match = re.search(rf'<section id="prompt-{prompt}".*?</section>', html, re.S)
    assert match, prompt
    return match.group(0)


def test_reflection_confirmation_is_beside_the_reflection_saved(app, make, login, client):
    make.module("reflect")
    login(make.user(Role.TRAINEE))
    saved = client.post(f"{URL}/r2", data={"p1-text": "Shared.", "p1-submit": "Submit"})
    assert saved.location.endswith(f"{URL}#prompt-r2")
    html = client.get(URL).get_data(as_text=True)
    here = _section(html, "r2")
    assert (
        '<p class="flash flash-success" role="status" id="prompt-r2-saved">'
        "Submitted. Your supervisor can now read this reflection.</p>"
    ) in here
    # Not repeated at the top of the page, nor beside the other prompt; and said only once.
    assert html.count("Your supervisor can now read this reflection.") == 1
    assert "prompt-r1-saved" not in html
    assert "prompt-r2-saved" not in client.get(URL).get_data(as_text=True)


def test_a_draft_saved_says_so_beside_it(app, make, login, client):
    make.module("reflect")
    login(make.user(Role.TRAINEE))
    client.post(f"{URL}/r1", data={"p0-text": "First thoughts.", "p0-save": "Save draft"})
    here = _section(client.get(URL).get_data(as_text=True), "r1")
    assert "Draft saved. Only you can see it until you submit it." in here


def test_error_summary_loads_the_focus_script(app, make, login, client):
    make.module("reflect")
    login(make.user(Role.TRAINEE))
    html = client.post(f"{URL}/r1", data={"p0-text": " ", "p0-submit": "Submit"}).get_data(
        as_text=True
    )
    assert SCRIPT + '\n<div class="error-summary" role="alert" tabindex="-1">' in html
    # A page without errors loads no such script.
    assert "error-summary.js" not in client.get(URL).get_data(as_text=True)
    script = Path(app.static_folder, "js", "error-summary.js").read_text()
    assert ".error-summary[tabindex='-1']" in script and ".focus()" in script
    served = client.get("/static/js/error-summary.js")
    assert served.status_code == 200
    served.close()


def test_knowledge_check_error_summary_has_the_focus_hook(app, make, login, client):
    from .quiz_forms import open_draw

    make.module("quiz")
    login(make.user(Role.TRAINEE))
    draw = open_draw(client, "quiz")
    html = client.post("/training/quiz/check", data={"draw": draw.id}).get_data(as_text=True)
    assert "Please answer every question" in html and SCRIPT in html
