"""Navigation registry: each feature adds its own entries, shown to the roles they serve."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, request, url_for
from flask_login import current_user

from .models import Role


@dataclass(frozen=True)
class NavItem:
    role: Role
    label: str
    endpoint: str
    description: str
    order: int = 50


ITEMS: list[NavItem] = []


def add(role: Role, label: str, endpoint: str, description: str, order: int = 50) -> None:
    item = NavItem(role, label, endpoint, description, order)
    if item not in ITEMS:
        ITEMS.append(item)


def items_for(user, role: Role | None = None) -> list[dict]:
    chosen = [
        i
        for i in sorted(ITEMS, key=lambda i: (list(Role).index(i.role), i.order))
        if (role is None or i.role == role) and user.has_role(i.role)
    ]
    seen, result = set(), []
    for i in chosen:
        if i.endpoint in seen:
            continue
        seen.add(i.endpoint)
        url = url_for(i.endpoint)
        result.append(
            {
                "label": i.label,
                "url": url,
                "description": i.description,
                "current": request.path == url,
            }
        )
    return result


def register(app: Flask) -> None:
    @app.context_processor
    def _nav():
        def nav_items(role: Role | None = None):
            if not current_user.is_authenticated:
                return []
            return items_for(current_user, role)

        return {"nav_items": nav_items, "Role": Role}
