"""`flask bench seed` and the `make bench` runner (python -m peertrain.reports.bench)."""

from __future__ import annotations

from flask.cli import AppGroup

bench_cli = AppGroup("bench", help="Large synthetic organisations for benchmarks.")
