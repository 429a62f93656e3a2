"""`make bench` through gunicorn and an HTTP client: every figure a ratio to the trivial page.

On a seeded PostgreSQL database (the benchmark's own, or --url), it serves the app with
gunicorn (2 sync workers) on loopback and times, with keep-alive HTTP connections:
- the trivial page (/auth/login) and each trainee, supervisor and manager page, one client at
  a time (median, p95, and the median as a multiple of the trivial page's);
- the findings dashboard with 8 managers at once (p95);
- requests per second at 16 connections for the trivial page and a module section page.
The dashboard is also timed on a server with the findings cache off (REPORT_CACHE_MINUTES=0),
so the figures behind a cache miss are printed too. Other work on the machine shows in every
figure, so read the ratios, which are taken in the same run."""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from ..ops import load_client as lc
from ..ops.loadtest import serve

PASSWORD = "bench-http-" + secrets.token_urlsafe(12)  # this run only


def _env(url: str, cache_minutes: int) -> dict:
    return os.environ | {
        "DATABASE_URL": url,
        "FLASK_APP": "wsgi",
        "PEERTRAIN_ENV": "development",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "WARNING",
        "REPORT_CACHE_MINUTES": str(cache_minutes),
    }


def cast(url: str) -> dict:
    """A seeded worker with sessions and ratings, their supervisor, one of the supervisor's
    sessions with them in it, and the org-wide benchmark manager: given this run's password."""
    from .. import create_app
    from ..auth.services import set_password
    from ..extensions import db
    from ..models import (
        Module,
        ModuleSection,
        Role,
        SessionParticipant,
        SupervisionAssignment,
        SupervisionSession,
        User,
        UserRole,
    )
    from .bench import MANAGER_EMAIL

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        sid, worker_id, sup_id = db.session.execute(
            select(SupervisionSession.id, SessionParticipant.supervisee_id,
                   SupervisionSession.supervisor_id)
            .join(SessionParticipant, SessionParticipant.session_id == SupervisionSession.id)
            .join(SupervisionAssignment,
                  (SupervisionAssignment.supervisee_id == SessionParticipant.supervisee_id)
                  & (SupervisionAssignment.supervisor_id == SupervisionSession.supervisor_id)
                  & SupervisionAssignment.end_date.is_(None))
            .join(UserRole, (UserRole.user_id == SessionParticipant.supervisee_id)
                  & (UserRole.role == Role.TRAINEE))
            .where(SupervisionSession.status == "held")
            .order_by(SupervisionSession.held_on.desc(), SupervisionSession.id)
            .limit(1)
        ).one()  # fmt: skip
        people = {}
        for role, uid in (("trainee", worker_id), ("supervisor", sup_id)):
            user = db.session.get(User, uid)
            set_password(user, PASSWORD)
            people[role] = user.email
        manager = db.session.scalar(select(User).where(User.email == MANAGER_EMAIL))
        set_password(manager, PASSWORD)
        people["manager"] = MANAGER_EMAIL
        db.session.commit()
        # A module with text (the seed's stand-in catalogue has none; `flask content sync` does).
        slug = db.session.scalar(
            select(Module.slug)
            .join(ModuleSection, ModuleSection.module_id == Module.id)
            .where(Module.is_current.is_(True), ModuleSection.position == 1)
            .order_by(Module.slug)
            .limit(1)
        )
        workers = db.session.scalar(select(func.count()).select_from(UserRole).where(
            UserRole.role == Role.TRAINEE))  # fmt: skip
        # The session's connection back to the pool first: dispose() closes only what is in it.
        db.session.remove()
        db.engine.dispose()
    return people | {"session": sid, "worker": worker_id, "slug": slug, "workers": workers}


def pages(c: dict) -> dict[str, list[str]]:
    slug, sid, wid = c["slug"], c["session"], c["worker"]
    module = [f"/training/{slug}", f"/training/{slug}/section/1"] if slug else []
    return {
        "trainee": ["/trainee", "/training/", *module,
                    "/competency/", "/supervision/mine", f"/supervision/sessions/{sid}"],
        "supervisor": ["/supervisor", "/supervision/", f"/supervision/sessions/{sid}",
                       "/training/supervisees", f"/training/supervisees/{wid}",
                       "/competency/supervisees", f"/competency/people/{wid}"],
        "manager": ["/reports/", "/reports/coverage", "/reports/training"],
    }  # fmt: skip


def _stats(times: list[float]) -> dict:
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"median_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1)}


# Runs before timing starts: a long-running server's steady state. psycopg prepares a
# statement on its sixth run on a connection and PostgreSQL keeps a generic plan after five
# runs of it prepared (peertrain/prepared.py), so each of the two workers' connections needs
# about ten views of a page before its statements stop being planned every time. The first
# views of a page after a restart cost up to twice as much (README, Benchmarks).
WARM_UP = 25


def timed(b: lc.Browser, path: str, runs: int) -> list[float]:
    for _ in range(WARM_UP):  # the connection, the caches, the findings entry, the plans
        b.request("GET", path, path)
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        status, _ = b.request("GET", path, path)
        out.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
    return out


def concurrently(port: int, n: int, email: str | None, path: str, seconds: float) -> list:
    """n clients each repeating GET path for `seconds`: [(ms, status)] for every request.

    The clients sign in one after another before any starts: they share one account, and
    sixteen sign-ins to one account at the same moment are, to the throttle, sixteen
    attempts in flight, of which those past the fifth wait (auth/throttle.py counts an
    attempt before it checks it, so parallel guesses cannot outrun the limit)."""
    done: list[tuple[float, int]] = []
    lock = threading.Lock()
    browsers = []
    for _ in range(n):
        b = lc.Browser(port, "bench", lc.Record())
        if email and not b.login(email, PASSWORD):
            raise RuntimeError(f"{email} could not sign in")
        b.request("GET", path, path)
        browsers.append(b)
    ready = threading.Barrier(n)

    def client(b: lc.Browser) -> None:
        ready.wait()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            started = time.perf_counter()
            status, _ = b.request("GET", path, path)
            with lock:
                done.append(((time.perf_counter() - started) * 1000, status))

    threads = [threading.Thread(target=client, args=(b,)) for b in browsers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done


def measure(url: str, port: int, runs: int, seconds: float, out: Path) -> dict:
    c = cast(url)
    result: dict = {"workers": c["workers"], "pages": [], "load": {}}
    server = serve(_env(url, 10), port, out.with_suffix(".log"), workers=2)
    try:
        anon = lc.Browser(port, "anon", lc.Record())
        trivial = _stats(timed(anon, "/auth/login", runs))
        result["pages"].append({"role": "-", "page": "/auth/login"} | trivial)
        for role, paths in pages(c).items():
            b = lc.Browser(port, role, lc.Record())
            if not b.login(c[role], PASSWORD):
                raise RuntimeError(f"{role} could not sign in")
            for path in paths:
                result["pages"].append({"role": role, "page": path} | _stats(timed(b, path, runs)))
        managers = concurrently(port, 8, c["manager"], "/reports/", seconds)
        result["load"]["8 managers, /reports/"] = _stats([ms for ms, _ in managers]) | {
            "requests": len(managers), "errors": sum(st != 200 for _, st in managers)}  # fmt: skip
        for label, email, path in (
            ("trivial page", None, "/auth/login"),
            ("module section", c["trainee"], f"/training/{c['slug']}/section/1"),
        )[: 2 if c["slug"] else 1]:
            done = concurrently(port, 16, email, path, seconds)
            result["load"][f"16 connections, {label}"] = {
                "per_second": round(len(done) / seconds, 1),
                "errors": sum(st != 200 for _, st in done),
            } | _stats([ms for ms, _ in done])
    finally:
        server.terminate()
        server.wait(30)
    server = serve(_env(url, 0), port, out.with_suffix(".nocache.log"), workers=2)
    try:
        b = lc.Browser(port, "manager", lc.Record())
        b.login(c["manager"], PASSWORD)
        result["pages"].append(
            {"role": "manager", "page": "/reports/ (cache off)"}
            | _stats(timed(b, "/reports/", runs))
        )
    finally:
        server.terminate()
        server.wait(30)
    result["trivial"] = trivial
    return result


def render(r: dict, runs: int, seconds: float) -> str:
    base = r["trivial"]["median_ms"] or 0.1
    lines = [
        f"PeerTrain HTTP benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: gunicorn, 2 sync "
        f"workers, PostgreSQL, {r['workers']:,} peer workers; {runs} runs per page, one client",
        "",
        "| role | page | median ms | p95 ms | median ÷ trivial |",
        "|---|---|---:|---:|---:|",
    ]
    for p in r["pages"]:
        ratio = round(p["median_ms"] / base, 1)
        lines.append(f"| {p['role']} | {p['page']} | {p['median_ms']} | {p['p95_ms']} | {ratio} |")
    lines += ["", f"Under load ({seconds:g} s each):", ""]
    lines += ["| run | requests/s | median ms | p95 ms | errors |", "|---|---:|---:|---:|---:|"]
    for name, x in r["load"].items():
        per = x.get("per_second", round(x["requests"] / seconds, 1) if "requests" in x else "")
        lines.append(f"| {name} | {per} | {x['median_ms']} | {x['p95_ms']} | {x['errors']} |")
    t = r["load"].get("16 connections, trivial page", {}).get("per_second")
    m = r["load"].get("16 connections, module section", {}).get("per_second")
    if t and m:
        lines += ["", f"Module section throughput: {round(100 * m / t)} % of the trivial page's."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="a seeded database (flask bench seed)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--port", type=int, default=5098)
    args = parser.parse_args(argv)
    out = Path("bench-results")
    out.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = out / f"bench-http-{stamp}.md"
    report = render(measure(args.url, args.port, args.runs, args.seconds, path), args.runs,
                    args.seconds)  # fmt: skip
    path.write_text(report, encoding="utf-8")
    print(report)
    print(f"Written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
