"""Generated: every registered rule and method gets every class of bad input; none may be a 5xx.

For each visitor (anonymous and each role) the rules that visitor reaches (each rule is walked
by one role that reaches it, the least privileged; anonymous walks every rule): path
placeholders get bad ids and words, GET URLs get bad query strings (and the page's own filter
fields bad values), and every post form found on the visitor's pages gets each bad value in all
its typed fields with the choices left valid, then in all its choices with the typed text left
valid, then duplicated fields and malformed UTF-8. Post rules with no form on any page get
common field names. All failures are reported in one assertion. Runs on SQLite and PostgreSQL
like the whole suite; about 3,400 requests in all.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound

from peertrain.extensions import db

from . import test_access
from .access import ACCESS, LOGIN, VISITORS
from .bad_input_walk import QUERIES, VALUES, FoundForm, fill_variants, post_forms, query_names
from .factories import PASSWORD
from .test_access import _fill

world = test_access.world  # the access test's records, as this module's fixture too

ROLES = VISITORS[1:]
GENERIC_FIELDS = ("text", "email", "password", "name", "next", "id", "rowid", "action", "q")
# Syncs the real content directory (seconds a post) and has no field but its button.
SKIPPED = {("POST", "/admin/admin_content/")}
# Last, so a record they remove or a login they end does not hide the rules after them.
DESTRUCTIVE = ("delete", "erase", "logout", "discard", "left", "hold", "deactivate")


def _walker(key) -> str | None:
    """The least privileged role that reaches the rule (not refused, not sent to sign in)."""
    expected = ACCESS[key]
    return next((r for r in ROLES if expected[r] not in (403, LOGIN)), None)


class Walk:
    def __init__(self, app, world, visitor: str):
        self.app, self.world, self.visitor = app, world, visitor
        self.failures: list[str] = []
        self.forms: dict[str, list[FoundForm]] = {}  # POST rule -> forms posting to it
        self.adapter = app.url_map.bind("localhost")

    def client(self):
        client = self.app.test_client()
        if self.visitor != "anon":
            user = self.world["people"][self.visitor]
            client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
        return client

    def send(self, client, method: str, url: str, what: str = "", **kw) -> str | None:
        allow = kw.pop("allow", None)
        try:
            response = client.open(url, method=method, **kw)
        except Exception as error:  # noqa: BLE001 - every failure is reported, not the first
            db.session.rollback()
            self.failures.append(f"{self.visitor} {method} {url[:160]} {what}: {error!r}"[:500])
            return None
        html = None
        if response.status_code >= 500 and response.status_code != allow:
            self.failures.append(
                f"{self.visitor} {method} {url[:160]} {what}: {response.status_code}"
            )
        elif response.status_code == 200 and response.mimetype == "text/html":
            html = response.get_data(as_text=True)
        response.close()
        db.session.rollback()  # a request that failed half-way must not spoil the next
        return html

    def rule_of(self, action: str) -> str | None:
        try:
            endpoint, _ = self.adapter.match(action.split("?")[0], method="POST")
        except (NotFound, MethodNotAllowed):
            return None
        except Exception:  # noqa: BLE001 - a redirect for a missing slash and the like
            return None
        rules = self.app.url_map._rules_by_endpoint.get(endpoint, [])
        return next((r.rule for r in rules if "POST" in r.methods), None)

    def reached(self, method: str, rule: str) -> bool:
        return ACCESS[(method, rule)][self.visitor] not in (403, LOGIN)

    def get(self, client, rule: str) -> None:
        url = _fill(rule, self.world["params"])
        # /readyz is 503 in tests (no migrations): the access table says which 5xx is right.
        allow = ACCESS[("GET", rule)][self.visitor]
        html = self.send(client, "GET", url, allow=allow)
        self.read_forms(url, html)
        for bad in fill_variants(rule, self.world["params"]):
            self.send(client, "GET", bad, "(path)", allow=allow)
        joiner = "&" if "?" in url else "?"
        # Sent to sign in before anything is read: one query string stands for all.
        for query in QUERIES if self.reached("GET", rule) else QUERIES[-1:]:
            self.send(client, "GET", url + joiner + query, allow=allow)
        names = query_names(html or "")
        for what, value in VALUES if names else ():
            self.send(client, "GET", url + joiner + urlencode(dict.fromkeys(names, value)), what)

    def read_forms(self, url: str, html: str | None) -> None:
        for form in post_forms(url, html or ""):
            rule = self.rule_of(form.action)
            known = self.forms.setdefault(rule, []) if rule else []
            if rule and len(known) < 2 and all(f.action != form.action for f in known):
                known.append(form)

    def post(self, client, rule: str) -> None:
        url = _fill(rule, self.world["params"])
        forms = self.forms.get(rule) or [FoundForm(url, [], list(GENERIC_FIELDS))]
        for form in forms:
            self.post_form(client, form, full=self.reached("POST", rule))
        fields = forms[0].fields or [(n, "x") for n in forms[0].names]
        for bad in fill_variants(rule, self.world["params"]):
            self.send(client, "POST", bad, "(path)", data=_multi(fields))

    def post_form(self, client, form: FoundForm, full: bool) -> None:
        names = form.names or [n for n, _ in form.fields]
        valid = dict(form.fields)
        if not full:  # refused before the form is read (sign in first, or 403): one will do
            self.send(client, "POST", form.action, "nul", data=dict.fromkeys(names, VALUES[0][1]))
            return
        # Every typed field bad with the choices valid (so the text travels as deep as it can),
        # then every choice, hidden value and checkbox bad with the typed text valid.
        typed = form.typed or set(names)
        for group, chosen in (("typed", typed), ("choices", set(names) - typed)):
            for what, value in VALUES if chosen else ():
                data = valid | dict.fromkeys(chosen, value)
                self.send(client, "POST", form.action, f"{group}={what}", data=data)
        doubled = list(form.fields) + [(n, "second") for n in names]
        self.send(client, "POST", form.action, "duplicates", data=_multi(doubled))
        raw = "&".join(f"{quote(n)}={quote(v)}%ff%fe\xff" for n, v in form.fields or valid.items())
        self.send(
            client,
            "POST",
            form.action,
            "malformed UTF-8",
            data=raw.encode("latin-1", "replace"),
            content_type="application/x-www-form-urlencoded",
        )


def _multi(pairs):
    from werkzeug.datastructures import MultiDict

    return MultiDict(pairs)


def _extra_pages(world) -> list[str]:
    """Record pages the access table reaches only without a record: admin edit and details."""
    ids = {
        "admin_users": world["people"]["trainee"].id,
        "admin_teams": world["team"].id,
    }
    return [
        f"/admin/{view}/{page}/?id={record}"
        for view, record in ids.items()
        for page in ("edit", "details")
    ]


@pytest.mark.parametrize("visitor", VISITORS)
def test_no_bad_input_gives_a_server_error(app, world, visitor):
    walk = Walk(app, world, visitor)
    mine = sorted(
        key
        for key in ACCESS
        if (visitor == "anon" or _walker(key) == visitor) and key not in SKIPPED
    )
    client = walk.client()
    for method, rule in mine:
        if method == "GET":
            walk.get(client, rule)
    if visitor == "admin":
        for url in _extra_pages(world):
            walk.read_forms(url, walk.send(client, "GET", url))
    posts = [rule for method, rule in mine if method == "POST"]
    posts.sort(key=lambda rule: any(word in rule for word in DESTRUCTIVE))
    for rule in posts:
        walk.post(walk.client(), rule)  # a fresh login each: a post may end the last one
    assert not walk.failures, f"{len(walk.failures)} server errors:\n" + "\n".join(walk.failures)
    if visitor != "anon":  # the walk reached the forms, so the passes above mean something
        assert walk.forms, "no post form found on any page"
