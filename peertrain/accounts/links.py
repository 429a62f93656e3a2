"""Absolute links for mail, always from PUBLIC_BASE_URL: a reset link built from the request's
Host header could be pointed at an attacker's site by a forged header (host-header poisoning)."""

from __future__ import annotations

from flask import current_app


def absolute(path: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def invitation_link(raw: str) -> str:
    return absolute(f"/account/invitation/{raw}")


def reset_link(raw: str) -> str:
    return absolute(f"/account/reset/{raw}")
