"""PeerTrain: training and supervision for the mental-health peer support workforce."""

from __future__ import annotations

from flask import Flask

from .config import Config, check_production


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_mapping(Config.from_env())
    if config:
        app.config.from_mapping(config)
    check_production(app.config)
    register_logging(app)
    register_extensions(app)
    register_inputs(app)
    register_blueprints(app)
    register_errors(app)
    register_security(app)
    register_formatting(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    from . import (
        derived,  # noqa: F401  (its flush hooks keep the derived tables in step)
        models,  # noqa: F401  (every table on the metadata before Migrate sees it)
        pool_check,
        prepared,
    )
    from .auth.services import load_session_user
    from .extensions import csrf, db, login_manager, migrate

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        from pathlib import Path

        Path(app.config["SQLALCHEMY_DATABASE_URI"][len("sqlite:///") :]).parent.mkdir(
            parents=True, exist_ok=True
        )
    _statement_timeout(app.config)
    pool_check.register()
    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_session_user)
    prepared.register(app)


def register_inputs(app: Flask) -> None:
    """Bounded ids in URL rules and clean request text; before any rule is added."""
    from . import controls, inputs

    inputs.register(app)
    controls.register(app)


def register_logging(app: Flask) -> None:
    from .ops.logs import configure

    configure(app)


def _statement_timeout(config: dict) -> None:
    """PostgreSQL cancels a statement that runs past the setting, so a runaway query frees its
    worker and connection instead of holding them until the proxy gives up."""
    seconds = config.get("DATABASE_STATEMENT_TIMEOUT_SECONDS") or 0
    if seconds > 0 and config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        connect_args = dict(options.get("connect_args") or {})
        connect_args["options"] = f"-c statement_timeout={int(seconds * 1000)}"
        options["connect_args"] = connect_args
        config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def register_blueprints(app: Flask) -> None:
    from .accounts import bp as accounts_bp
    from .admin import init_admin
    from .assessments import bp as competency_bp
    from .auth import bp as auth_bp
    from .certification import bp as certification_bp
    from .certification.verify import bp as verify_bp
    from .findings import bp as findings_bp
    from .home import bp as home_bp
    from .integration import bp as integration_bp
    from .modules import bp as training_bp
    from .nav import register as register_nav
    from .notify import bp as notify_bp
    from .ops.health import bp as ops_bp
    from .privacy import bp as privacy_bp
    from .reports import bp as reports_bp
    from .supervision import bp as supervision_bp

    for bp in (
        ops_bp,
        auth_bp,
        accounts_bp,
        home_bp,
        training_bp,
        competency_bp,
        supervision_bp,
        reports_bp,
    ):
        app.register_blueprint(bp)
    app.register_blueprint(notify_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(integration_bp)
    app.register_blueprint(certification_bp)
    app.register_blueprint(findings_bp)
    app.register_blueprint(verify_bp)  # public: /verify/<code>, no login
    init_admin(app)
    register_nav(app)


def register_formatting(app: Flask) -> None:
    from . import urls
    from .formatting import register

    register(app)
    urls.register(app)


def register_errors(app: Flask) -> None:
    from .errors import register

    register(app)


def register_security(app: Flask) -> None:
    from datetime import timedelta

    from .headers import register_headers

    app.permanent_session_lifetime = timedelta(hours=app.config["SESSION_ABSOLUTE_HOURS"])
    register_headers(app)
    if hops := app.config.get("PROXY_FIX_HOPS"):
        # Trust the proxy's scheme and host, so same-origin checks and Secure cookies see the
        # https:// address the browser used.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_cli(app: Flask) -> None:
    from .cli import register

    register(app)
