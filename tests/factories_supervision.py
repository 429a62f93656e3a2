"""Factories for supervision records (mixed into tests.factories.Factory)."""

from __future__ import annotations


class SupervisionFactory:
    pass
