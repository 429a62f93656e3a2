"""Markdown rendering: a maintained parser with raw HTML off, then nh3 on an allow-list."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from markupsafe import Markup

from peertrain.catalog.render import ALLOWED_TAGS, render_markdown, sanitise


def elements(html: str) -> list[tuple[str, dict]]:
    """The real elements in the output (escaped text is text, not elements)."""
    found: list[tuple[str, dict]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collect().feed(html)
    return found


def test_ordinary_markdown_renders():
    html = render_markdown(
        "Some **bold** and *em* text.\n\n> A scenario.\n\n- one\n- two\n\n"
        "[SAMHSA](https://www.samhsa.gov/)\n"
    )
    assert isinstance(html, Markup)
    assert "<strong>bold</strong>" in html and "<em>em</em>" in html
    assert "<blockquote>" in html and "<li>one</li>" in html
    assert '<a href="https://www.samhsa.gov/" rel="noopener noreferrer">SAMHSA</a>' in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "Hello <script>alert(1)</script> there",
        '<img src="x" onerror="alert(1)">',
        '<a href="#" onclick="alert(1)">click</a>',
        "<iframe src='https://evil.example'></iframe>",
        "<style>body{display:none}</style>",
        '<svg onload="alert(1)"></svg>',
    ],
)
def test_raw_html_comes_out_as_harmless_text(source):
    html = str(render_markdown(source))
    for tag, attrs in elements(html):
        assert tag in ALLOWED_TAGS, html
        assert not any(name.startswith("on") for name in attrs), html
        assert attrs.get("href", "#") == "#" or attrs["href"].startswith("https://"), html
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert "<style" not in html and "<svg" not in html
    # What the author typed is still visible, as text, so the mistake can be seen and fixed.
    assert "&lt;" in html


@pytest.mark.parametrize(
    "source",
    [
        "[click](javascript:alert(1))",
        "[click](JavaScript:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<javascript:alert(1)>",
        "![x](javascript:alert(1))",
    ],
)
def test_dangerous_links_never_become_hrefs(source):
    html = str(render_markdown(source))
    for tag, attrs in elements(html):
        assert tag in ALLOWED_TAGS, html
        href = attrs.get("href")
        assert href is None or href.lower().startswith(("http://", "https://", "mailto:")), html


def test_sanitiser_is_the_last_word_even_on_hand_made_html():
    dirty = (
        '<p onclick="x()">text<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)" onmouseover="x()">link</a>'
        '<img src=x onerror=alert(1)><div style="position:fixed">d</div>'
        '<h1 class="c">title</h1><iframe src="//evil"></iframe>'
    )
    clean = sanitise(dirty)
    # Disallowed tags go (script and style with their content); disallowed attributes go.
    assert elements(clean) == [("p", {}), ("a", {"rel": "noopener noreferrer"})]
    assert clean == '<p>text</p><a rel="noopener noreferrer">link</a>dtitle'


def test_top_level_headings_are_lifted_below_the_section_heading():
    html = render_markdown("# Big\n\n## Medium\n\n### Small\n")
    assert "<h1>" not in html and "<h2>" not in html
    assert html.count("<h3>") == 3
