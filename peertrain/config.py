"""Configuration read from environment variables, each with a documented default."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"
DEV_SECRET_KEY = "dev-only-insecure-secret-key-change-me"  # noqa: S105 - refused in production


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def normalise_database_url(url: str) -> str:
    """Accept the postgres:// and postgresql:// spellings hosts hand out; we use psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Config:
    """Every setting the app reads; `from_env` fills it from the environment."""

    # PEERTRAIN_ENV: "development" (default), "production" or "testing".
    ENV_NAME = "development"
    SECRET_KEY = DEV_SECRET_KEY
    # DATABASE_URL: defaults to an SQLite file in ./instance.
    SQLALCHEMY_DATABASE_URI = f"sqlite:///{INSTANCE_DIR / 'peertrain.sqlite3'}"
    # No pool_pre_ping: pool_check.py finds closed connections without a round trip.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "peertrain_session"
    # The login's life is kept on the server (SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS), so
    # the cookie is not re-signed and re-sent on every response, only when its content changes.
    SESSION_REFRESH_EACH_REQUEST = False
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)
    # A login lasts at most this long, and ends after this long without a request.
    SESSION_IDLE_MINUTES = 30
    SESSION_ABSOLUTE_HOURS = 12
    # Sign-in throttling (auth/throttle.py). Past this many failures in its window an account
    # is slowed, not locked: each further attempt waits 1 s, 2 s, 4 s ... up to the cap.
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_ACCOUNT_WINDOW_HOURS = 24
    LOGIN_DELAY_CAP_SECONDS = 900
    # One address on one account, and one address over all accounts (a brake on credential
    # stuffing, far above what an organisation behind one proxy does by mistake), per window.
    LOGIN_MAX_FAILURES_PER_PAIR = 10
    LOGIN_MAX_FAILURES_PER_ADDRESS = 300
    LOGIN_WINDOW_MINUTES = 15
    # argon2id cost; tests lower it so the suite stays quick.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    # MAX_CONTENT_LENGTH: the largest request body, uploads included, in bytes (10 MB: room
    # for a scanned certificate). Larger gets the "too large" page (413), never a 500. Flask's
    # MAX_FORM_MEMORY_SIZE (500 kB) bounds the text fields of a form on their own.
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the login; see supervision drafts
    # Behind a reverse proxy that terminates TLS: how many proxies set X-Forwarded-* headers.
    PROXY_FIX_HOPS = 0
    CONTENT_DIR = str(Path(__file__).resolve().parent.parent / "content")
    # Which content/locales/<code>.yaml fills the local facts (numbers, laws) in training text.
    LOCALE = "us"
    TESTING = False
    # Logs: "json" (one object a line, the production default) or "text" (readable).
    LOG_FORMAT = "text"
    LOG_LEVEL = "INFO"
    # PostgreSQL cancels any statement running longer than this, so one slow query cannot hold
    # a worker (and its connection) for ever. 0 turns it off.
    DATABASE_STATEMENT_TIMEOUT_SECONDS = 10
    # PostgreSQL plans a statement a connection runs often once (peertrain/prepared.py). Off
    # (0) behind a pooler that cannot carry prepared statements (PgBouncer in transaction mode
    # before 1.21, or without max_prepared_statements).
    DATABASE_PREPARED_STATEMENTS = True
    # Retention of operational tables (`flask prune`). Audit events are evidence: kept for years.
    AUDIT_RETENTION_YEARS = 6
    DRAFT_RETENTION_DAYS = 30
    ENDED_SESSION_RETENTION_DAYS = 30
    THROTTLE_RETENTION_DAYS = 2
    # `flask retention apply`: a leaver's supervision records, reflections and ratings are
    # anonymised this many years after their leaving date (unless under legal hold).
    RECORD_RETENTION_YEARS = 6
    # Two-step sign-in (auth/mfa.py). MFA_REQUIRED_ROLES: the roles that must enrol before
    # reaching anything, comma-separated; "admin,manager" in production, none elsewhere.
    MFA_REQUIRED_ROLES: tuple[str, ...] = ()
    MFA_PENDING_MINUTES = 5  # between the password and the code
    MFA_ISSUER = "PeerTrain"  # the name authenticator apps show
    # Mail (peertrain/mail). No MAIL_SMTP_HOST: messages are written to instance/outbox/*.eml.
    MAIL_SMTP_HOST = ""
    MAIL_SMTP_PORT = 587
    MAIL_SMTP_SECURITY = "starttls"  # none, starttls or tls (implicit TLS, usually port 465)
    MAIL_SMTP_USER = ""
    MAIL_SMTP_PASSWORD = ""
    MAIL_SMTP_TIMEOUT_SECONDS = 30
    MAIL_FROM = "PeerTrain <peertrain@localhost>"
    MAIL_MAX_ATTEMPTS = 8  # backoff 1, 2, 4 ... minutes: about 4 hours before giving up
    MAIL_OUTBOX_DIR = str(INSTANCE_DIR / "outbox")
    MAIL_RETENTION_DAYS = 30  # `flask mail prune`: sent and failed messages, bodies and all
    PUBLIC_BASE_URL = "http://localhost:5000"  # absolute links in mail
    VERIFY_MAX_PER_ADDRESS = 30  # public /verify checks per client address per 15 minutes
    # "My data" exports (peertrain/privacy): archives outside the web root, downloadable
    # once, deleted after EXPORT_EXPIRY_DAYS; histories up to EXPORT_INLINE_MAX_ROWS
    # records build at once, larger ones wait for `flask exports build`.
    EXPORT_DIR = str(INSTANCE_DIR / "exports")
    EXPORT_EXPIRY_DAYS = 7
    EXPORT_INLINE_MAX_ROWS = 2000
    # Training certificates (peertrain/certification/uploads.py): outside the web root under
    # random names; PDF, PNG or JPEG by their content, at most CERTIFICATE_MAX_BYTES each.
    CERTIFICATE_DIR = str(INSTANCE_DIR / "certificates")
    CERTIFICATE_MAX_BYTES = 5 * 1024 * 1024
    # The findings dashboard's figures are recomputed when older than this (reports/
    # findings_cache.py); the page says when they were computed. 0: computed on every view.
    REPORT_CACHE_MINUTES = 10

    @classmethod
    def from_env(cls) -> dict:
        env = os.environ.get("PEERTRAIN_ENV", "development").strip().lower()
        cfg = {k: getattr(cls, k) for k in dir(cls) if k.isupper()}
        cfg["ENV_NAME"] = env
        cfg["SECRET_KEY"] = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
        db_url = os.environ.get("DATABASE_URL")
        if db_url:
            cfg["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(db_url)
        # Requests only: the dashboard's side-by-side figures have their own small engine
        # (reports/parallel.py).
        cfg["SQLALCHEMY_ENGINE_OPTIONS"] = cls.SQLALCHEMY_ENGINE_OPTIONS | {
            "pool_size": _int("DATABASE_POOL_SIZE", 5)
        }
        cfg["DATABASE_STATEMENT_TIMEOUT_SECONDS"] = _int(
            "DATABASE_STATEMENT_TIMEOUT_SECONDS", cls.DATABASE_STATEMENT_TIMEOUT_SECONDS
        )
        cfg["DATABASE_PREPARED_STATEMENTS"] = _bool(
            "DATABASE_PREPARED_STATEMENTS", cls.DATABASE_PREPARED_STATEMENTS
        )
        cfg["LOG_FORMAT"] = (
            os.environ.get("LOG_FORMAT", "json" if env == "production" else cls.LOG_FORMAT)
            .strip()
            .lower()
        )
        cfg["LOG_LEVEL"] = os.environ.get("LOG_LEVEL", cls.LOG_LEVEL).strip().upper()
        for name in (
            "AUDIT_RETENTION_YEARS",
            "DRAFT_RETENTION_DAYS",
            "ENDED_SESSION_RETENTION_DAYS",
            "THROTTLE_RETENTION_DAYS",
            "RECORD_RETENTION_YEARS",
            "REPORT_CACHE_MINUTES",
        ):
            cfg[name] = _int(name, getattr(cls, name))
        cfg["SESSION_COOKIE_SECURE"] = _bool("SESSION_COOKIE_SECURE", env == "production")
        cfg["SESSION_IDLE_MINUTES"] = _int("SESSION_IDLE_MINUTES", cls.SESSION_IDLE_MINUTES)
        cfg["SESSION_ABSOLUTE_HOURS"] = _int("SESSION_ABSOLUTE_HOURS", cls.SESSION_ABSOLUTE_HOURS)
        for name in (
            "LOGIN_MAX_FAILURES_PER_ACCOUNT",
            "LOGIN_ACCOUNT_WINDOW_HOURS",
            "LOGIN_DELAY_CAP_SECONDS",
            "LOGIN_MAX_FAILURES_PER_PAIR",
            "LOGIN_MAX_FAILURES_PER_ADDRESS",
            "LOGIN_WINDOW_MINUTES",
        ):
            cfg[name] = _int(name, getattr(cls, name))
        cfg["VERIFY_MAX_PER_ADDRESS"] = _int("VERIFY_MAX_PER_ADDRESS", cls.VERIFY_MAX_PER_ADDRESS)
        cfg["CONTENT_DIR"] = os.environ.get("PEERTRAIN_CONTENT_DIR", cls.CONTENT_DIR)
        cfg["LOCALE"] = os.environ.get("PEERTRAIN_LOCALE", cls.LOCALE).strip().lower()
        cfg["PROXY_FIX_HOPS"] = _int("PROXY_FIX_HOPS", cls.PROXY_FIX_HOPS)
        cfg["MAX_CONTENT_LENGTH"] = _int("MAX_CONTENT_LENGTH", cls.MAX_CONTENT_LENGTH)
        required = os.environ.get(
            "MFA_REQUIRED_ROLES", "admin,manager" if env == "production" else ""
        )
        cfg["MFA_REQUIRED_ROLES"] = tuple(
            r.strip().lower() for r in required.split(",") if r.strip()
        )
        cfg["MFA_ISSUER"] = os.environ.get("MFA_ISSUER", cls.MFA_ISSUER)
        # Earlier keys, comma-separated, still accepted after SECRET_KEY is rotated (Flask
        # checks cookies with them; auth/mfa.py still decrypts authenticator secrets).
        cfg["SECRET_KEY_FALLBACKS"] = [
            k.strip() for k in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if k.strip()
        ]
        for name in ("MAIL_SMTP_HOST", "MAIL_SMTP_USER", "MAIL_SMTP_PASSWORD", "MAIL_FROM"):
            cfg[name] = os.environ.get(name, getattr(cls, name)).strip()
        for name in (
            "MAIL_SMTP_PORT",
            "MAIL_MAX_ATTEMPTS",
            "MAIL_SMTP_TIMEOUT_SECONDS",
            "MAIL_RETENTION_DAYS",
        ):
            cfg[name] = _int(name, getattr(cls, name))
        cfg["MAIL_SMTP_SECURITY"] = os.environ.get("MAIL_SMTP_SECURITY", "starttls").lower()
        cfg["MAIL_OUTBOX_DIR"] = os.environ.get("MAIL_OUTBOX_DIR", cls.MAIL_OUTBOX_DIR)
        cfg["PUBLIC_BASE_URL"] = os.environ.get("PUBLIC_BASE_URL", cls.PUBLIC_BASE_URL).rstrip("/")
        cfg["EXPORT_DIR"] = os.environ.get("EXPORT_DIR", cls.EXPORT_DIR)
        cfg["CERTIFICATE_DIR"] = os.environ.get("CERTIFICATE_DIR", cls.CERTIFICATE_DIR)
        cfg["CERTIFICATE_MAX_BYTES"] = _int("CERTIFICATE_MAX_BYTES", cls.CERTIFICATE_MAX_BYTES)
        for name in ("EXPORT_EXPIRY_DAYS", "EXPORT_INLINE_MAX_ROWS"):
            cfg[name] = _int(name, getattr(cls, name))
        return cfg


def check_production(cfg: dict) -> None:
    """Refuse to serve real people with a guessable key."""
    if cfg.get("ENV_NAME") != "production":
        return
    key = cfg.get("SECRET_KEY") or ""
    if key == DEV_SECRET_KEY or len(key) < 32:
        raise RuntimeError(
            "PEERTRAIN_ENV=production needs SECRET_KEY set to a random value of at least "
            "32 characters, e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
