"""Factories for competency records (mixed into tests.factories.Factory)."""

from __future__ import annotations


class CompetencyFactory:
    pass
