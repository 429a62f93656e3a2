"""Markdown to HTML with markdown-it-py (raw HTML off), then sanitised by nh3 on an allow-list."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# Raw HTML is never passed through: it comes out as visible, escaped text.
_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def sanitise(html: str) -> str:
    """The last word on what reaches a page: anything not allowed here is dropped."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@lru_cache(maxsize=512)
def _render(text: str) -> str:
    # Section bodies sit under the page's h1 and the section's h2, so lift any heading the
    # author wrote at level 1 or 2 to h3 rather than break the page outline.
    html = _MD.render(text)
    for level in ("1", "2"):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return sanitise(html)


def render_markdown(text: str) -> Markup:
    """Safe to mark as Markup only because it has been through `sanitise`."""
    return Markup(_render(text or ""))  # noqa: S704 - sanitised by nh3 above
