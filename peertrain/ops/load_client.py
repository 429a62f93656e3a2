"""The load test's virtual users: one keep-alive HTTP connection and cookie each, a role's loop,
and a record of every write the server acknowledged or gave back."""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import unescape
from urllib.parse import urlencode

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
KEPT_FORM = re.compile(r'<form method="post" action="([^"]+)" id="kept-form"(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
AREA = re.compile(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>', re.S)


@dataclass
class Record:
    """Shared by every virtual user; appended under a lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    timings: list[tuple[str, str, float, int]] = field(default_factory=list)  # role, page, ms, st
    errors: dict[str, int] = field(default_factory=dict)
    acked: list[tuple[str, tuple, str]] = field(default_factory=list)  # kind, slot, marker
    kept: int = 0  # writes that failed during the outage and came back with their text
    lost: list[str] = field(default_factory=list)  # failed writes whose text was not given back
    max_requests: int = 200_000  # a bound besides the clock, so a fast machine cannot run away

    def going(self, deadline: float) -> bool:
        return time.monotonic() < deadline and len(self.timings) < self.max_requests

    def time(self, role: str, page: str, ms: float, status: int) -> None:
        with self.lock:
            self.timings.append((role, page, ms, status))

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1


class Browser:
    def __init__(self, port: int, role: str, record: Record):
        self.port, self.role, self.record = port, role, record
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""
        self.token = ""

    def request(self, method: str, path: str, page: str, form: dict | None = None):
        body = urlencode(form or {}, doseq=True) if form is not None else None
        headers = {"Cookie": self.cookie, "Origin": f"http://127.0.0.1:{self.port}"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            self.record.error(f"connection: {type(exc).__name__}")
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            return 0, ""
        ms = (time.perf_counter() - started) * 1000
        if cookie := response.getheader("Set-Cookie"):
            self.cookie = cookie.split(";", 1)[0]
        self.record.time(self.role, page, ms, response.status)
        if response.status >= 500 and response.status != 503:
            self.record.error(f"HTTP {response.status} {page}")
        if found := TOKEN.search(text):
            self.token = found.group(1)
        return response.status, text

    def login(self, email: str, password: str) -> bool:
        self.request("GET", "/auth/login", "login page")
        status, _ = self.request(
            "POST",
            "/auth/login",
            "sign in",
            {"email": email, "password": password, "csrf_token": self.token},
        )
        self.request("GET", "/", "home")
        return status == 302

    def write(self, path: str, page: str, form: dict, kind: str, slot: tuple, marker: str):
        """Post a write; a kept page (outage) is sent again from its own form, as a person
        would press Send again, until it is saved or the run ends."""
        status, text = self.request("POST", path, page, form | {"csrf_token": self.token})
        for _ in range(30):
            if status in (302, 303):
                with self.record.lock:
                    self.record.acked.append((kind, slot, marker))
                return
            if status not in (400, 401, 503) or 'id="kept-form"' not in text:
                self.record.error(f"write refused {status} {page}")
                return
            if marker not in unescape(text):
                with self.record.lock:
                    self.record.lost.append(marker)
                return
            with self.record.lock:
                self.record.kept += 1
            time.sleep(1.0)
            action, fields = kept_form(text)
            status, text = self.request("POST", action, page + " (sent again)", fields)
        self.record.error(f"gave up {page}")


def kept_form(html: str) -> tuple[str, dict]:
    match = KEPT_FORM.search(html)
    action, inner = unescape(match.group(1)), match.group(2)
    fields: dict[str, list[str]] = {}
    for name, value in HIDDEN.findall(inner) + AREA.findall(inner):
        fields.setdefault(name, []).append(unescape(value))
    return action, fields


def trainee_loop(b: Browser, me: dict, modules: list[dict], deadline: float) -> None:
    seq = 0
    while b.record.going(deadline):
        module = random.choice(modules)  # noqa: S311 - a load mix, not a secret
        b.request("GET", f"/training/{module['slug']}/section/1", "module section")
        if random.random() < 0.3:  # noqa: S311
            seq += 1
            i = random.randrange(len(module["prompts"]))  # noqa: S311
            marker = f"LT-R-{me['id']}-{seq}"
            b.request("GET", f"/training/{module['slug']}/reflections", "reflections page")
            b.write(
                f"/training/{module['slug']}/reflections/{module['prompts'][i]}",
                "save reflection",
                {f"p{i}-text": f"{marker} what I noticed this week", f"p{i}-save": "Save draft"},
                "reflection",
                (me["id"], module["id"], module["prompts"][i]),
                marker,
            )


def supervisor_loop(b: Browser, me: dict, deadline: float) -> None:
    seq = 0
    while b.record.going(deadline):
        b.request("GET", "/supervision/", "supervisor home")
        seq += 1
        marker = f"LT-S-{me['id']}-{seq}"
        worker = random.choice(me["supervisees"])  # noqa: S311
        form = {
            "supervisees": [str(worker)],
            "format": "individual",
            "held_on": (date.today() - timedelta(days=1)).isoformat(),
            "minutes": "60",
            "setting": "remote",
            "topics": ["wellbeing_burnout"],
            "what_happened": f"{marker} we talked through the week",
            "what_it_meant": "Boundaries held.",
            "what_next": "",
        }
        b.request("GET", "/supervision/sessions/new", "session form")
        b.request("POST", "/supervision/drafts/new", "autosave", form | {"csrf_token": b.token})
        b.write("/supervision/sessions/new", "record session", form, "session", (), marker)


REPORT_PAGES = ["/reports/", "/reports/coverage", "/reports/training", "/reports/competency"]


def manager_loop(b: Browser, deadline: float) -> None:
    while b.record.going(deadline):
        path = random.choice(REPORT_PAGES)  # noqa: S311
        b.request("GET", path, "dashboard" if path == "/reports/" else "report " + path[9:])


def trivial_loop(b: Browser, deadline: float) -> None:
    while b.record.going(deadline):
        b.request("GET", "/auth/login", "trivial page")
