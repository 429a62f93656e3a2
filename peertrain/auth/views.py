"""Routes for signing in and out and changing a password; the work is in services."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..passwords import password_problem, verify_password
from . import bp, mfa, mfa_services, services
from .forms import ChangePasswordForm, LoginForm


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target:
        return None
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data, request.remote_addr)
        except services.LoginRefused as refused:
            form.password.errors.append(str(refused))
        else:
            if mfa.is_enrolled(user):  # not signed in until the code passes too
                mfa_services.start_pending_login(user, safe_next(form.next.data))
                return redirect(url_for("auth.mfa_verify"))
            services.start_session(user, request.remote_addr)
            return redirect(safe_next(form.next.data) or url_for("home.index"))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


@bp.post("/logout")
@login_required
def logout():
    services.end_session(current_user._get_current_object())
    flash("You have signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        if not verify_password(user.password_hash, form.current_password.data):
            form.current_password.errors.append("That is not your current password.")
        elif problem := password_problem(form.new_password.data, email=user.email, name=user.name):
            form.new_password.errors.append(problem)
        else:
            services.change_own_password(user, form.new_password.data, request.remote_addr)
            flash("Your password has been changed. Other devices have been signed out.", "success")
            return redirect(url_for("home.index"))
    status = 400 if form.errors else 200
    return render_template("auth/change_password.html", form=form), status


@bp.post("/resume")
def resume():
    """Sign in from the page that kept a post whose login had ended, then offer it again."""
    from .. import keep

    target = safe_next(request.form.get("_resume_target")) or url_for("home.index")
    email = (request.form.get("_resume_email") or "").strip()
    try:
        user = services.authenticate(
            email, request.form.get("_resume_password") or "", request.remote_addr
        )
        if mfa.is_enrolled(user):
            mfa_services.verify_login_code(
                user, request.form.get("_resume_code") or "", request.remote_addr
            )
    except (services.LoginRefused, mfa_services.CodeRefused) as refused:
        return keep.kept_response("login", target=target, login_error=str(refused), email=email)
    services.start_session(user, request.remote_addr)
    return keep.kept_response("resumed", target=target)
