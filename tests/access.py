"""The access table: for every URL rule, what each kind of visitor gets.

Each row maps a rule to the expected status for: anonymous, trainee, supervisor, manager, admin.
"login" means a redirect to the sign-in page. Every registered rule must have a row, so a new
route cannot ship without someone deciding who may reach it. Features append their rows.
"""

from __future__ import annotations

VISITORS = ("anon", "trainee", "supervisor", "manager", "admin")
LOGIN = "login"


def everyone(status: int) -> dict:
    return dict.fromkeys(VISITORS, status)


def signed_in(status: int) -> dict:
    return {"anon": LOGIN} | dict.fromkeys(VISITORS[1:], status)


def only(*roles: str, status: int = 200) -> dict:
    return {"anon": LOGIN} | {v: (status if v in roles else 403) for v in VISITORS[1:]}


# (method, rule) -> expectations. Placeholders in rules are filled from PARAMS by name.
ACCESS: dict[tuple[str, str], dict] = {
    ("GET", "/"): signed_in(302),
    ("GET", "/static/<path:filename>"): everyone(200),
    ("GET", "/auth/login"): {"anon": 200} | dict.fromkeys(VISITORS[1:], 302),
    ("POST", "/auth/login"): {"anon": 400} | dict.fromkeys(VISITORS[1:], 302),
    ("POST", "/auth/logout"): everyone(LOGIN),
    # Probes need no login; the test schema is built without migrations, so never "ready".
    ("GET", "/healthz"): everyone(200),
    ("GET", "/readyz"): everyone(503),
    # Signing in from a kept post: empty credentials are refused, the page kept (400).
    ("POST", "/auth/resume"): everyone(400),
    ("GET", "/auth/password"): signed_in(200),
    ("POST", "/auth/password"): signed_in(400),
    ("GET", "/trainee"): only("trainee"),
    ("GET", "/supervisor"): only("supervisor"),
    ("GET", "/manager"): only("manager"),
    ("GET", "/admin/"): only("admin"),
    ("GET", "/admin/static/<path:filename>"): everyone(200),
    ("GET", "/admin/admin_targets/"): only("admin"),
    ("POST", "/admin/admin_targets/"): only("admin", status=400),
    ("GET", "/admin/admin_content/"): only("admin"),
    # Syncing the real content/ succeeds and re-renders the page with the report.
    ("POST", "/admin/admin_content/"): only("admin"),
}

# Flask-Admin model views: every rule each one registers, and what an admin gets with no
# record chosen (lists and forms 200; record pages without an id redirect back to the list).
ADMIN_MODEL_VIEWS = {
    "admin_users": {"export": 302, "new": 200},
    "admin_teams": {"export": 302, "new": 200},
    "admin_assignments": {"export": 302, "new": 200},
    "admin_scopes": {"export": 302, "new": 200},
    "admin_audit": {"export": 200, "new": 302},  # read-only, exportable
}
for _view, _special in ADMIN_MODEL_VIEWS.items():
    base = f"/admin/{_view}/"
    ACCESS.update(
        {
            ("GET", base): only("admin"),
            ("GET", base + "new/"): only("admin", status=_special["new"]),
            ("POST", base + "new/"): only("admin", status=_special["new"]),
            ("GET", base + "edit/"): only("admin", status=302),
            ("POST", base + "edit/"): only("admin", status=302),
            ("GET", base + "details/"): only("admin", status=302),
            ("POST", base + "delete/"): only("admin", status=302),
            ("POST", base + "action/"): only("admin", status=302),
            ("GET", base + "ajax/lookup/"): only("admin", status=404),
            ("POST", base + "ajax/update/"): only("admin", status=404),
            ("GET", base + "export/<export_type>/"): only("admin", status=_special["export"]),
        }
    )

PARAMS = {
    "filename": {
        "/static/<path:filename>": "css/peertrain.css",
        "/admin/static/<path:filename>": "admin/css/bootstrap4/admin.css",
    },
    "export_type": "csv",
}
