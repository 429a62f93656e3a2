"""`make loadtest`: gunicorn on PostgreSQL, 64 users for 60 s, PostgreSQL restarted halfway.

It seeds an organisation into a database of its own, serves it with gunicorn (4 workers) on
loopback, times a trivial page at the same concurrency first, then drives trainees (reading
sections, saving reflections), supervisors (autosaving, recording sessions) and managers
(reports), restarts PostgreSQL in the middle, and afterwards checks from its own record that
every acknowledged write is in the database exactly once and whole, and that every write that
failed during the outage came back to the person with their text. Figures go to stdout and
bench-results/. A benchmark, not a test: `make test` runs a small version (test_ops_reset)."""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import subprocess  # noqa: S404 - starts gunicorn and pg_ctlcluster with argument lists
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from ..reports.bench import _drop_pg, _pg_database
from . import load_client as lc

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ROLES = ("trainee", "supervisor", "manager", "trivial")
PASSWORD = "loadtest-" + secrets.token_urlsafe(12)  # this run only


def _env(url: str) -> dict:
    return os.environ | {
        "DATABASE_URL": url,
        "FLASK_APP": "wsgi",
        "PEERTRAIN_ENV": "development",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "WARNING",
        "DATABASE_POOL_SIZE": "8",
    }


def _flask(env: dict, *args: str) -> None:
    subprocess.run([str(BIN / "flask"), *args], env=env, cwd=ROOT, check=True)  # noqa: S603


def seed(url: str, env: dict, workers: int) -> dict:
    """Content, a synthetic organisation, and the people the virtual users sign in as."""
    _flask(env, "db", "upgrade")
    _flask(env, "content", "sync")
    # No statement timeout while seeding: the derived tables are rebuilt in one statement each.
    _flask(
        env | {"DATABASE_STATEMENT_TIMEOUT_SECONDS": "0"},
        "bench",
        "seed",
        "--workers",
        str(workers),
    )
    from .load_people import add_people

    return add_people(url, PASSWORD)


def serve(env: dict, port: int, log: Path, workers: int = 4) -> subprocess.Popen:
    argv = [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}"]
    argv += ["--timeout", "60", "--graceful-timeout", "5", "wsgi:app"]
    server = subprocess.Popen(argv, env=env, cwd=ROOT, stderr=log.open("w"))  # noqa: S603
    for _ in range(100):
        try:
            if lc.Browser(port, "probe", lc.Record()).request("GET", "/healthz", "probe")[0]:
                return server
        except OSError:
            pass
        time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"gunicorn did not start; see {log}")


def restart_postgres() -> float:
    """Restart the local cluster (fast mode: connections are cut, as in a failover)."""
    version = sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(x) for x in v.split(".")])
    started = time.perf_counter()
    subprocess.run(  # noqa: S603
        [
            shutil.which("pg_ctlcluster") or "pg_ctlcluster",
            "--skip-systemctl-redirect",
            version[-1],
            "main",
            "restart",
            "-m",
            "fast",
        ],
        check=True,
    )
    return time.perf_counter() - started


def drive(port: int, people: dict, seconds: float, restart_at: float | None, rec: lc.Record):
    """Sign everyone in first (untimed: people are already signed in when the clock starts),
    then run each role's loop until the deadline, restarting PostgreSQL on the way."""
    cast = [(role, me) for role in ROLES for me in people.get(role + "s", [])]
    clock: dict[str, float] = {}
    # The clock starts when the last person is signed in, before anyone is let go.
    ready = threading.Barrier(
        len(cast) + 1, action=lambda: clock.update(deadline=time.monotonic() + seconds)
    )

    def user(role: str, me: dict) -> None:
        b = lc.Browser(port, role, lc.Record())  # sign-in timings are not the load's
        signed_in = role == "trivial" or b.login(me["email"], PASSWORD)
        b.record = rec
        ready.wait()
        if not signed_in:
            rec.error(f"login failed {role}")
            return
        deadline = clock["deadline"]
        if role == "trivial":
            lc.trivial_loop(b, deadline)
        elif role == "trainee":
            lc.trainee_loop(b, me, people["modules"], deadline)
        elif role == "supervisor":
            lc.supervisor_loop(b, me, deadline)
        else:
            lc.manager_loop(b, deadline)

    threads = [threading.Thread(target=user, args=c, daemon=True) for c in cast]
    for t in threads:
        t.start()
    ready.wait(timeout=600)
    restarted = None
    if restart_at is not None:
        time.sleep(restart_at)
        restarted = restart_postgres()
    for t in threads:
        t.join(seconds + 120)
    return restarted


def verify(url: str, rec: lc.Record) -> dict:
    """Every acknowledged write exactly once and whole, from the database itself."""
    engine = create_engine(url)
    problems = []
    last: dict[tuple, str] = {}
    for kind, slot, marker in rec.acked:
        if kind == "reflection":
            last[slot] = marker
    with engine.connect() as conn:
        for (user_id, module_id, prompt), marker in last.items():
            rows = (
                conn.execute(
                    text(
                        "SELECT text FROM reflection WHERE user_id = :u AND module_id = :m"
                        " AND prompt_id = :p"
                    ),
                    {"u": user_id, "m": module_id, "p": prompt},
                )
                .scalars()
                .all()
            )
            if len(rows) != 1 or not rows[0].startswith(marker + " "):
                problems.append(f"reflection {marker}: found {rows!r}")
        sessions = [m for kind, _, m in rec.acked if kind == "session"]
        for marker in sessions:
            found = conn.execute(
                text(
                    "SELECT s.id, count(p.supervisee_id), count(a.worker_id)"
                    " FROM supervision_session s"
                    " LEFT JOIN session_participant p ON p.session_id = s.id"
                    " LEFT JOIN supervision_attendance a ON a.session_id = s.id"
                    " WHERE s.what_happened LIKE :m GROUP BY s.id"
                ),
                {"m": marker + " %"},
            ).all()
            if len(found) != 1 or found[0][1] != 1 or found[0][2] != 1:
                problems.append(f"session {marker}: found {found!r}")
    engine.dispose()
    return {"reflections": len(last), "sessions": len(sessions), "problems": problems}


def percentiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        v = values[0] if values else 0.0
        return v, v, v
    q = statistics.quantiles(values, n=100, method="inclusive")
    return q[49], q[94], q[98]


def render(trivial: lc.Record, mixed: lc.Record, checked: dict, meta: dict) -> str:
    out = [
        f"# Load test {meta['at']}",
        "",
        f"{meta['users']} users for {meta['seconds']} s on "
        f"gunicorn (4 workers) and PostgreSQL; {meta['workers']} seeded workers; PostgreSQL "
        f"restarted at {meta['restart_at']} s (took {meta['restart_took']:.1f} s).",
        "",
    ]
    t50, t95, t99 = percentiles([ms for *_, ms, st in trivial.timings if st == 200])
    out += [
        "| role | page | requests | p50 ms | p95 ms | p99 ms | p95 ÷ trivial p95 |",
        "|---|---|---:|---:|---:|---:|---:|",
        f"| (trivial) | GET /auth/login | {len(trivial.timings)} | {t50:.1f} | {t95:.1f} | "
        f"{t99:.1f} | 1.0 |",
    ]
    groups: dict[tuple, list[float]] = {}
    for role, page, ms, _ in mixed.timings:
        groups.setdefault((role, page), []).append(ms)
        groups.setdefault((role, "(all pages)"), []).append(ms)
    for (role, page), values in sorted(groups.items()):
        p50, p95, p99 = percentiles(values)
        out.append(
            f"| {role} | {page} | {len(values)} | {p50:.1f} | {p95:.1f} | {p99:.1f} | "
            f"{p95 / t95 if t95 else 0:.1f} |"
        )
    statuses: dict[int, int] = {}
    for *_, st in mixed.timings:
        statuses[st] = statuses.get(st, 0) + 1
    out += [
        "",
        f"Requests: {len(mixed.timings)} ({len(mixed.timings) / meta['seconds']:.0f}/s); "
        f"statuses: {dict(sorted(statuses.items()))}.",
        f"Errors by kind: {mixed.errors or 'none'}.",
        f"Writes acknowledged: {len(mixed.acked)} ({checked['reflections']} reflection slots, "
        f"{checked['sessions']} sessions); failed during the outage and given back with their "
        f"text: {mixed.kept}; failed with the text lost: {len(mixed.lost)}.",
        f"Checked in the database: {len(checked['problems'])} problems.",
    ]
    out += [f"- {p}" for p in checked["problems"][:20]]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--users", type=int, default=64)
    parser.add_argument("--workers", type=int, default=1000, help="seeded peer workers")
    parser.add_argument("--port", type=int, default=5099)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--no-restart", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    name = f"pt_load_{os.getpid()}"
    url = _pg_database(name)
    if url is None:
        return 1
    results = ROOT / "bench-results"
    results.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    env = _env(url)
    server = None
    try:
        print("Seeding…", flush=True)
        people = seed(url, env, args.workers)
        cast = _cast(people, args.users)
        server = serve(env, args.port, results / f"loadtest-{stamp}.log")
        print(f"Trivial page, {args.users} users, 10 s…", flush=True)
        trivial = lc.Record(max_requests=args.max_requests)
        drive(args.port, {"trivials": [{}] * args.users}, 10, None, trivial)
        print(f"Mixed load, {args.users} users, {args.seconds:.0f} s…", flush=True)
        mixed = lc.Record(max_requests=args.max_requests)
        restart_at = None if args.no_restart else args.seconds / 2
        took = drive(args.port, cast, args.seconds, restart_at, mixed) or 0.0
        checked = verify(url, mixed)
        meta = {
            "at": stamp,
            "users": args.users,
            "seconds": args.seconds,
            "took": took,
            "workers": args.workers,
            "restart_at": restart_at,
            "restart_took": took,
        }
        report = render(trivial, mixed, checked, meta)
        (results / f"loadtest-{stamp}.md").write_text(report)
        print(report)
        return 1 if checked["problems"] or mixed.lost else 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        if not args.keep:
            _drop_pg(name)


def _cast(people: dict, users: int) -> dict:
    """Half trainees, a quarter supervisors, a quarter managers."""
    t, s = users // 2, users // 4
    return {
        "trainees": people["trainees"][:t],
        "supervisors": people["supervisors"][:s],
        "managers": people["managers"][: users - t - s],
        "modules": people["modules"],
    }


if __name__ == "__main__":
    raise SystemExit(main())
