"""Peer-values rating pages: rating a held session, the supervisee's list, the supervisor's own
trend and shared comments, and the managers' team aggregates."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..authz import is_session_author, may_rate_session_values, refuse, role_required
from ..extensions import db
from ..models import Role, SupervisionSession, SupervisorValuesRating
from . import bp, report_pages, values_queries, values_report, values_services
from .values_forms import ValuesForm
from .values_labels import NOT_ENOUGH, SMALL, VALUES


def _session_to_rate(session_id: int) -> SupervisionSession:
    sess = db.session.get(SupervisionSession, session_id) or abort(404)
    if not may_rate_session_values(current_user, sess):
        refuse("values_rating_view", "supervision_session", session_id)
    return sess


def _existing(sess, as_supervisor: bool):
    if as_supervisor:
        return db.session.get(SupervisorValuesRating, sess.id)
    return values_services.own_rating(sess.id, current_user.id)


@bp.route("/values/sessions/<int:session_id>", methods=["GET", "POST"])
@login_required
def values_rate(session_id: int):
    sess = _session_to_rate(session_id)
    as_supervisor = is_session_author(current_user, sess)
    existing = _existing(sess, as_supervisor)
    form = ValuesForm(obj=existing)
    if form.validate_on_submit():
        me, scores, comment = current_user, form.scores(), form.comment.data
        if as_supervisor:
            values_services.save_supervisor_rating(me, sess.id, scores, comment)
        else:
            share = form.share_comment.data
            values_services.save_supervisee_rating(me, sess.id, scores, comment, share)
        flash("Thank you: your rating is saved.", "success")
        return redirect(url_for(".values_trend" if as_supervisor else ".values_mine"))
    status = 400 if form.is_submitted() else 200
    return render_template("integration/values_rate.html", form=form, sess=sess, VALUES=VALUES,
                           as_supervisor=as_supervisor, existing=existing), status  # fmt: skip


@bp.get("/values")
@role_required(Role.TRAINEE)
def values_mine():
    rows = values_queries.rateable_sessions(db.session, current_user.id)
    return render_template("integration/values_mine.html", rows=rows)


@bp.get("/values/trend")
@role_required(Role.SUPERVISOR)
def values_trend():
    me = current_user.id
    return render_template("integration/values_trend.html", VALUES=VALUES, SMALL=SMALL,
                           NOT_ENOUGH=NOT_ENOUGH,
                           trend=values_queries.supervisor_trend(db.session, me),
                           comments=values_queries.shared_comments(db.session, me))  # fmt: skip


@bp.get("/values/report")
@role_required(Role.MANAGER)
def values_report_page():
    return report_pages.page(
        "integration/values_report.html", values_report.build, values_queries.period
    )


@bp.get("/values/report.csv")
@role_required(Role.MANAGER)
def values_report_csv():
    return report_pages.csv(values_report.build, "peer-values")
