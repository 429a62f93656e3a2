"""Navigation registry: each feature adds its own entries, shown to the roles they serve."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, request
from flask_login import current_user

from .models import Role
from .urls import url_for

# At most this many items in one role's header menu (issue 18); secondary pages are registered
# with in_menu=False and shown as cards on the role's home page instead.
MENU_LIMIT = 6

# A person with several roles gets the menu of their main role (the one "/" sends them to: same
# order as home.views.ROLE_HOMES), plus one way into each other role's pages: that role's home,
# whose cards link everything else of it.
MAIN_FIRST = (Role.SUPERVISOR, Role.TRAINEE, Role.MANAGER, Role.ADMIN)
OTHER_ROLE_ENTRY = {
    Role.TRAINEE: ("My training", "home.trainee"),
    Role.SUPERVISOR: ("Supervision home", "home.supervisor"),
    Role.MANAGER: ("Manager home", "home.manager"),
    Role.ADMIN: ("Admin", "admin.index"),
}


@dataclass(frozen=True)
class NavItem:
    role: Role
    label: str
    endpoint: str
    description: str
    order: int = 50
    in_menu: bool = True


ITEMS: list[NavItem] = []


def add(
    role: Role,
    label: str,
    endpoint: str,
    description: str,
    order: int = 50,
    *,
    in_menu: bool = True,
) -> None:
    item = NavItem(role, label, endpoint, description, order, in_menu)
    if item not in ITEMS:
        ITEMS.append(item)


def _entry(label: str, endpoint: str, description: str) -> dict:
    url = url_for(endpoint)
    return {
        "label": label,
        "url": url,
        "description": description,
        "current": request.path == url,
    }


def items_for(user, role: Role | None = None) -> list[dict]:
    """One role's pages (home cards, menu and secondary alike), or, with no role, the menu."""
    if role is not None:
        chosen = [i for i in sorted(ITEMS, key=lambda i: i.order) if i.role == role]
        return [_entry(i.label, i.endpoint, i.description) for i in chosen if user.has_role(role)]
    return menu_for(user)


def menu_for(user) -> list[dict]:
    held = [r for r in MAIN_FIRST if user.has_role(r)]
    if not held:
        return []
    top = held[0]
    chosen = [i for i in sorted(ITEMS, key=lambda i: i.order) if i.role == top and i.in_menu]
    result = [_entry(i.label, i.endpoint, i.description) for i in chosen]
    for other in held[1:]:
        label, endpoint = OTHER_ROLE_ENTRY[other]
        endpoints = {r["url"] for r in result}
        labels = {r["label"] for r in result}
        if url_for(endpoint) not in endpoints and label not in labels:
            result.append(_entry(label, endpoint, f"Your pages as a {other.value}."))
    return result


def register(app: Flask) -> None:
    @app.context_processor
    def _nav():
        def nav_items(role: Role | None = None):
            if not current_user.is_authenticated:
                return []
            return items_for(current_user, role)

        return {"nav_items": nav_items, "Role": Role}
