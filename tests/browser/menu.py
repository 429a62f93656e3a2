"""Open the header's Menu on a phone-width page (on wide screens its links are already shown)."""

from __future__ import annotations


def open_menu(page) -> None:
    summary = page.locator("details.nav-menu > summary")
    if summary.is_visible() and page.locator("details.nav-menu[open]").count() == 0:
        summary.click()
