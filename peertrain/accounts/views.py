"""Routes for the emailed links (invitation, reset) and the "forgotten your password?" page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..passwords import password_problem
from . import bp, invitations, reset
from .forms import ForgotForm, SetPasswordForm


def _dead_link():
    return render_template("accounts/link_invalid.html"), 404


@bp.route("/forgot", methods=["GET", "POST"])
def forgot():
    form = ForgotForm()
    if form.validate_on_submit():
        outcome = reset.request_reset(form.email.data, request.remote_addr)
        if outcome is reset.Outcome.ANSWERED:
            return render_template("accounts/forgot_sent.html")
        form.email.errors.append("Too many requests from this network. Try again in an hour.")
        return render_template("accounts/forgot.html", form=form), 429
    return render_template("accounts/forgot.html", form=form), 400 if form.errors else 200


def _set_password_page(row, heading: str, on_valid):
    form = SetPasswordForm()
    user = row.user
    if form.validate_on_submit():
        if problem := password_problem(form.password.data, email=user.email, name=user.name):
            form.password.errors.append(problem)
        elif on_valid(form.password.data):
            return None
        else:
            return _dead_link()
    page = render_template("accounts/set_password.html", form=form, heading=heading, user=user)
    return page, 400 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    row = reset.find(token)
    if row is None:
        return _dead_link()
    answer = _set_password_page(row, "Choose a new password", lambda pw: reset.complete(row, pw))
    if answer is not None:
        return answer
    flash("Your password has been changed and every earlier sign-in ended. Sign in now.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    row = invitations.find(token)
    if row is None:
        return _dead_link()
    ip = request.remote_addr
    answer = _set_password_page(
        row, "Welcome to PeerTrain", lambda pw: invitations.accept(row, pw, ip)
    )
    if answer is not None:
        return answer
    flash("Your password is set. Welcome to PeerTrain.", "success")
    return redirect(url_for("home.index" if current_user.is_authenticated else "auth.login"))
