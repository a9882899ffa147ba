"""Logging in through Gosuslugi (ESIA), the checklist, logging out."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from common.forms import EmptyForm

from .. import esia_client, login, sessions
from ..access import cabinet_open, home_url
from .shared import safe_next

bp = Blueprint("auth", __name__)

ESIA_OUTCOMES = {
    "ESIA-007004": ("portal/auth/cancelled.html", 200),
    "ESIA-007055": ("portal/auth/unconfirmed.html", 200),
    "ESIA-007008": ("portal/auth/unavailable.html", 503),
    "ESIA-007007": ("portal/auth/unavailable.html", 503),
}




@bp.get("/login/esia")
def start():
    attempt = esia_client.new_login()
    attempt["next"] = safe_next(request.args.get("next"))
    session["esia_login"] = attempt
    return redirect(esia_client.authorization_url(attempt), 303)


def retry_url(attempt: dict | None) -> str:
    return url_for(".start", next=(attempt or {}).get("next") or None)


def problem(template: str, status: int, attempt: dict | None, **context):
    return render_template(template, retry=retry_url(attempt), **context), status


@bp.get("/login/esia/callback")
def callback():
    attempt = session.pop("esia_login", None)
    if attempt is None or request.args.get("state") != attempt["state"]:
        return problem("portal/auth/failed.html", 400, None, reason="state")
    error = request.args.get("error_description", "")[:11]
    if request.args.get("error") or not request.args.get("code"):
        template, status = ESIA_OUTCOMES.get(error, ("portal/auth/failed.html", 400))
        return problem(template, status, attempt, reason="esia", code=error)
    try:
        record = login.finish(request.args["code"], attempt)
    except esia_client.EsiaUnavailable as failure:
        current_app.logger.warning("ESIA unavailable: %s", failure)
        return problem("portal/auth/unavailable.html", 503, attempt)
    except esia_client.LoginRejected as rejection:
        current_app.logger.warning("ESIA login rejected: %s", rejection)
        return problem("portal/auth/failed.html", 400, attempt, reason="token")
    if record.access == "full" and attempt.get("next"):
        return redirect(attempt["next"], 303)
    return redirect(home_url(), 303)


@bp.get("/checks")
@login_required
def checklist():
    results = current_user.doctor.checks
    account = next((r for r in results if r["name"] == "account"), None)
    if account and account["status"] == "fail":
        return render_template("portal/auth/unconfirmed.html", form=EmptyForm())
    return render_template(
        "portal/auth/checks.html",
        results=results,
        form=EmptyForm(),
        blocked=not cabinet_open(),
    )


@bp.post("/logout")
def logout():
    sessions.end_session(current_user if current_user.is_authenticated else None)
    return redirect(esia_client.logout_url(), 303)
