"""Routes for two-step sign-in: the code step of a login, enrolment, and changes after re-auth."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from . import bp, mfa, mfa_services, services
from .forms_mfa import CodeForm, EnrolForm, ReauthForm
from .views import safe_next

# What a person who must enrol may still reach: enrolment itself, signing out, files, probes.
_OPEN_WHILE_ENROLLING = {"auth.mfa_setup", "auth.mfa_status", "auth.logout", "static"}


@bp.before_app_request
def _enrol_first():
    """Holders of a role in MFA_REQUIRED_ROLES reach nothing else until they have enrolled."""
    endpoint = request.endpoint or ""
    if (
        endpoint in _OPEN_WHILE_ENROLLING
        or endpoint.endswith(".static")
        or endpoint.startswith("ops.")
    ):
        return None
    if current_user.is_authenticated and mfa.must_enrol(current_user):
        flash("Your role needs two-step sign-in. Set it up to continue.", "info")
        return redirect(url_for("auth.mfa_setup"))
    return None


def _me():
    return current_user._get_current_object()


@bp.get("/mfa")
@login_required
def mfa_status():
    user = _me()
    return render_template(
        "auth/mfa_status.html",
        credential=mfa.credential(user.id),
        codes_left=len(mfa.unused_recovery_codes(user.id)),
        required=mfa.must_enrol(user),
    )


@bp.route("/mfa/verify", methods=["GET", "POST"])
def mfa_verify():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    pending = mfa_services.pending_login()
    if pending is None:
        flash("Please sign in again: the time to enter a code ran out.", "info")
        return redirect(url_for("auth.login"))
    user, next_url = pending
    form = CodeForm()
    if form.validate_on_submit():
        try:
            mfa_services.verify_login_code(user, form.code.data, request.remote_addr)
        except mfa_services.CodeRefused as refused:
            form.code.errors.append(str(refused))
        else:
            services.start_session(user, request.remote_addr)
            return redirect(safe_next(next_url) or url_for("home.index"))
    return render_template("auth/mfa_verify.html", form=form), 400 if form.errors else 200


@bp.route("/mfa/setup", methods=["GET", "POST"])
@login_required
def mfa_setup():
    user = _me()
    if mfa.is_enrolled(user) and not mfa_services.reauth_fresh(user):
        return redirect(url_for("auth.mfa_replace"))
    form = EnrolForm()
    just_confirmed = mfa_services.reauth_fresh(user)
    if just_confirmed:  # moving to a new phone: the password was asked a moment ago
        del form.password
    if form.validate_on_submit():
        try:
            codes = mfa_services.confirm_enrolment(
                user,
                form.code.data,
                password=None if just_confirmed else form.password.data,
                ip=request.remote_addr,
            )
        except mfa_services.CodeRefused as refused:
            form[refused.field].errors.append(str(refused))
        else:
            return render_template("auth/mfa_codes.html", codes=codes, enrolled=True)
    secret = mfa_services.enrolment_secret(user)
    qr = mfa.qr_data_uri(mfa.provisioning_uri(secret, user.email))
    page = render_template("auth/mfa_setup.html", form=form, secret=mfa.grouped(secret), qr=qr)
    return page, 400 if form.errors else 200


def _reauth_then(action: str, done):
    """Shared by the three changes: ask for password and code, then do `done(user)`."""
    user = _me()
    if not mfa.is_enrolled(user):
        return redirect(url_for("auth.mfa_status"))
    form = ReauthForm()
    if form.validate_on_submit():
        try:
            mfa_services.reauthenticate(
                user, form.password.data, form.code.data, request.remote_addr
            )
        except mfa_services.CodeRefused as refused:
            form.code.errors.append(str(refused))
        else:
            return done(user)
    page = render_template("auth/mfa_reauth.html", form=form, action=action)
    return page, 400 if form.errors else 200


@bp.route("/mfa/disable", methods=["GET", "POST"])
@login_required
def mfa_disable():
    if mfa.role_requires(_me()):
        flash(
            "Your role needs two-step sign-in, so it cannot be turned off. "
            "You can move it to a new phone instead.",
            "info",
        )
        return redirect(url_for("auth.mfa_status"))

    def done(user):
        mfa_services.disable(user)
        flash("Two-step sign-in is off. We have emailed you to say so.", "success")
        return redirect(url_for("auth.mfa_status"))

    return _reauth_then("disable", done)


@bp.route("/mfa/recovery-codes", methods=["GET", "POST"])
@login_required
def mfa_recovery_codes():
    def done(user):
        codes = mfa_services.regenerate_recovery_codes(user)
        return render_template("auth/mfa_codes.html", codes=codes, enrolled=False)

    return _reauth_then("recovery_codes", done)


@bp.route("/mfa/replace", methods=["GET", "POST"])
@login_required
def mfa_replace():
    return _reauth_then("replace", lambda user: redirect(url_for("auth.mfa_setup")))
