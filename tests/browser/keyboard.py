"""Keyboard-only driving for the browser journeys: Tab until the wanted control has focus
(its focus ring visible), then type, Space or Enter, as a person without a mouse would."""

from __future__ import annotations

import re

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const label = (e.labels && e.labels.length ? e.labels[0].innerText : '')
    || e.getAttribute('aria-label') || '';
  const style = getComputedStyle(e);
  return {text: (e.innerText || e.value || '').trim(), label: label.trim(),
          ring: style.outlineStyle !== 'none' || style.boxShadow !== 'none'};
}"""


def tab_to(page, pattern: str, limit: int = 200) -> dict:
    """Press Tab until the focused element's text or label matches `pattern`; its focus must
    be visible (WCAG 2.4.7). Fails after `limit` presses: the control is not reachable."""
    wanted = re.compile(pattern)
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        seen.append(focused["label"] or focused["text"][:40])
        if wanted.search(focused["label"]) or wanted.search(focused["text"]):
            assert focused["ring"], f"{pattern!r} has focus but no visible focus indicator"
            return focused
    raise AssertionError(f"{pattern!r} not reached by Tab; focus went through {seen[:60]}")


def sign_in(page, email: str, password: str) -> None:
    page.goto("/auth/login")
    tab_to(page, r"^Email")
    page.keyboard.type(email)
    tab_to(page, r"^Password")
    page.keyboard.type(password)
    follow(page, "Enter")


def follow(page, key: str) -> None:
    """Press a key that submits a form or follows a link, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)
