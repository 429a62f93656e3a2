"""Reads for the admin user list: one query for a page's invitations, not one per row."""

from __future__ import annotations

from ..accounts.invitations import Invitation, state, states
from ..memo import per_request

_KEY = "admin.invitations"


def remember_page(user_ids: list[int]) -> None:
    """Each listed person's latest invitation, read in one query when the page is listed."""
    per_request(_KEY, dict).update(states(user_ids) if user_ids else {})


def invitation_of(user_id: int) -> Invitation:
    found = per_request(_KEY, dict).get(user_id)
    return found if found is not None else state(user_id)
