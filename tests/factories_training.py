"""Factories for training records (mixed into tests.factories.Factory)."""

from __future__ import annotations


class TrainingFactory:
    pass
