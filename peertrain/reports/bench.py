"""`flask bench seed` and the `make bench` runner (python -m peertrain.reports.bench).

The runner seeds 1,000 and 10,000 workers into a temporary SQLite file and into its own
PostgreSQL database, then times every report page through the test client as an org-wide
manager (median and p95 of repeated runs) next to a trivial page in the same run, and counts
the SQL statements each page issues. On PostgreSQL it then serves the same database with
gunicorn and measures trainee, supervisor and manager pages through an HTTP client, alone and
under load (bench_http.py; --no-http skips it). Numbers are printed and written to
bench-results/."""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import create_engine, event, select, text

bench_cli = AppGroup("bench", help="Large synthetic organisations for benchmarks.")

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
MANAGER_EMAIL = "bench-orgwide@bench.peertrain.org"
MANAGER_PASSWORD = "benchmark manager passphrase"  # noqa: S105 - a throwaway benchmark login
TRIVIAL = "/auth/login"
PAGES = [
    "/reports/",
    "/reports/coverage",
    "/reports/load",
    "/reports/cancellations",
    "/reports/flags",
    "/reports/training",
    "/reports/competency",
    "/reports/evidence/overdue",
    "/reports/evidence/competency",
    "/reports/coverage.csv",
]


@bench_cli.command("seed")
@click.option("--workers", type=click.IntRange(1, 200_000), default=1000, show_default=True)
@click.option("--seed", "seed_value", type=int, default=20260101, show_default=True)
def seed_command(workers: int, seed_value: int) -> None:
    """Add a synthetic organisation of about N peer workers (bulk inserts) and an org-wide
    manager to sign in with."""
    from .bench_seed import seed

    started = time.perf_counter()
    counts = seed(workers, seed_value)
    add_manager()
    steady_state()
    click.echo(
        f"Seeded {counts['workers']} workers in {counts['teams']} teams, "
        f"{counts['supervisors']} supervisors, {counts['sessions']} sessions, "
        f"{counts['ratings']} ratings in {time.perf_counter() - started:.1f}s. "
        f"Sign in as {MANAGER_EMAIL} / {MANAGER_PASSWORD!r}."
    )


def steady_state() -> None:
    """VACUUM ANALYZE (ANALYZE on SQLite) after a bulk load: the state autovacuum keeps a
    production database in. Without statistics the planner chose a plan for the training-overdue
    figure that passed the 10 s statement timeout, and `make loadtest`, which seeds with this
    command, had every manager's dashboard fail and recompute while everyone else waited."""
    from ..extensions import db

    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        pg = conn.dialect.name == "postgresql"
        conn.execute(text("VACUUM ANALYZE" if pg else "ANALYZE"))


def add_manager() -> None:
    from ..auth.services import set_password
    from ..extensions import db
    from ..models import ManagerScope, Role, User

    if db.session.scalar(select(User.id).where(User.email == MANAGER_EMAIL)):
        return
    user = User(email=MANAGER_EMAIL, name="Benchmark Manager", fte=1.0)
    user.roles = [Role.MANAGER]
    set_password(user, MANAGER_PASSWORD)
    db.session.add_all([user, ManagerScope(manager=user, org_wide=True)])
    db.session.commit()


def _app(url: str):
    from .. import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "benchmark-secret-key-long-enough-for-the-check",
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 1024,
            "SESSION_IDLE_MINUTES": 600,
            "WTF_CSRF_ENABLED": False,  # the runner signs in with a plain POST
            # Seeding rebuilds the derived tables in one statement each: at 10,000 workers on a
            # busy machine that can pass the 10 s a page may take (a 48-minute seed was lost so).
            "DATABASE_STATEMENT_TIMEOUT_SECONDS": 0,
        }
    )


def _prepare(url: str, workers: int) -> tuple:
    """Fresh schema, seeded, then vacuumed and analysed: the steady state autovacuum keeps a
    production database in (this machine's server runs with autovacuum off, and without the
    visibility map a freshly bulk-loaded table can never use an index-only scan)."""
    from ..extensions import db
    from .bench_seed import seed

    app = _app(url)
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        counts = seed(workers)
        add_manager()
        steady_state()
        counts["seed_seconds"] = round(time.perf_counter() - started, 1)
    return app, counts


def _measure(app, runs: int) -> list[dict]:
    from ..extensions import db

    statements = []

    def count(*_args, **_kw) -> None:
        statements.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    manager, anon = app.test_client(), app.test_client()
    manager.post("/auth/login", data={"email": MANAGER_EMAIL, "password": MANAGER_PASSWORD})
    results = []
    for path in [TRIVIAL] + PAGES:
        client = anon if path == TRIVIAL else manager
        for _ in range(2):  # warm caches and the connection pool first
            _ok(client.get(path), path)
        times, counted = [], []
        for _ in range(runs):
            statements.clear()
            began = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - began) * 1000)
            counted.append(len(statements))
            _ok(response, path)
        times.sort()
        results.append(
            {
                "page": path,
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], 1),
                # The most common count: now and then the login's once-a-minute "last seen"
                # touch adds its own statements to whichever page happens to be running.
                "statements": statistics.mode(counted),
            }
        )
    event.remove(engine, "before_cursor_execute", count)
    return results


def _ok(response, path: str) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}, not 200")


def _pg_database(name: str) -> str | None:
    """Create (or re-create) our own benchmark database; None when PostgreSQL is unreachable."""
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except Exception as error:  # noqa: BLE001 - any failure to connect means "skip, say why"
        print(f"PostgreSQL at 127.0.0.1:5432 (user postgres) unreachable, skipped: {error}")
        return None
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def _drop_pg(name: str) -> None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def run(sizes: list[int], runs: int, backends: list[str], keep: bool = False, http=False):
    """(page rows, what each organisation held and how long seeding took)."""
    rows, seeds = [], []
    tmp = Path(tempfile.mkdtemp(prefix="peertrain-bench-"))
    try:
        _run_all(rows, seeds, tmp, sizes, runs, backends, keep, http)
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return rows, seeds


def _run_all(rows, seeds, tmp: Path, sizes, runs, backends, keep, http=False) -> None:
    for backend in backends:
        for size in sizes:
            if backend == "sqlite":
                url = f"sqlite:///{tmp / f'bench-{size}.sqlite3'}"
            else:
                url = _pg_database(f"pt_bench_{size}")
                if url is None:
                    break
            print(f"[{backend} {size} workers] seeding…", flush=True)
            app, counts = _prepare(url, size)
            print(f"[{backend} {size} workers] {counts}; timing {runs} runs per page…", flush=True)
            for r in _measure(app, runs):
                rows.append({"backend": backend, "workers": size} | r)
            seeds.append({"backend": backend, "workers": size} | counts)
            with app.app_context():
                from ..extensions import db

                db.engine.dispose()
            if backend == "postgresql" and http:
                _http(url, size)
            if backend == "postgresql" and not keep:
                _drop_pg(f"pt_bench_{size}")


def _http(url: str, size: int) -> None:
    """The same database through gunicorn and an HTTP client (bench_http.py): its own report."""
    from . import bench_http

    # The seed's stand-in catalogue has titles but no text: load the real content, so the
    # module pages and section reading are measured on what trainees read.
    synced = _app(url).test_cli_runner().invoke(args=["content", "sync"])
    if synced.exit_code != 0:
        raise RuntimeError(synced.output)
    print(f"[postgresql {size} workers] through gunicorn…", flush=True)
    bench_http.main(["--url", url])


def render(rows: list[dict], runs: int, seeds: list[dict] = ()) -> str:
    lines = [
        f"PeerTrain report benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {runs} runs per page",
        "",
    ]
    for s in seeds:
        lines.append(
            f"- {s['backend']}, {s['workers']:,} workers: {s['teams']} teams, "
            f"{s['supervisors']} supervisors, {s['sessions']:,} sessions, {s['ratings']:,} "
            f"ratings; seeded in {s['seed_seconds']} s"
        )
    lines += [
        "",
        "| backend | workers | page | median ms | p95 ms | statements |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['backend']} | {r['workers']:,} | {r['page']} | {r['median_ms']} | "
            f"{r['p95_ms']} | {r['statements']} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="worker counts, comma-separated")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark databases")
    parser.add_argument(
        "--no-http", action="store_true", help="skip the gunicorn run on PostgreSQL (bench_http)"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows, seeds = run(sizes, args.runs, args.backends.split(","), args.keep, not args.no_http)
    report = render(rows, args.runs, seeds)
    print(report)
    out = Path("bench-results")
    out.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    (out / f"bench-{stamp}.md").write_text(report, encoding="utf-8")
    (out / f"bench-{stamp}.json").write_text(
        json.dumps({"pages": rows, "seeds": seeds}, indent=2), encoding="utf-8"
    )
    print(f"Written to {out / f'bench-{stamp}.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
