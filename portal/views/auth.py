"""Logging in through Gosuslugi (ESIA), the checklist, logging out."""

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from common.forms import EmptyForm

from .. import esia_client, login, login_failures, sessions
from ..access import cabinet_open, home_url
from .shared import safe_next

bp = Blueprint("auth", __name__)


@bp.get("/login/esia")
def start():
    attempt = esia_client.new_login()
    attempt["next"] = safe_next(request.args.get("next"))
    session["esia_login"] = attempt
    return redirect(esia_client.authorization_url(attempt), 303)


def retry_url(attempt: dict | None) -> str:
    return url_for(".start", next=(attempt or {}).get("next") or None)


def problem(failure: login_failures.Failure, attempt: dict | None, detail: str):
    """The page that names why the login failed, with its code, its logged reference and a retry."""
    failure = login_failures.logged(failure, detail)
    return render_template(
        failure.template, retry=retry_url(attempt), failure=failure
    ), failure.status


@bp.get("/login/esia/callback")
def callback():
    attempt = session.pop("esia_login", None)
    if attempt is None or request.args.get("state") != attempt["state"]:
        return problem(login_failures.wrong_state(), None, "callback: unknown state")
    if request.args.get("error") or not request.args.get("code"):
        code = request.args.get("error_description", "")[:11]
        detail = f"ESIA sent {request.args.get('error')}: {request.args.get('error_description')}"
        return problem(login_failures.from_callback(code), attempt, detail)
    try:
        record = login.finish(request.args["code"], attempt)
    except esia_client.EsiaUnavailable as outage:
        return problem(login_failures.from_outage(outage), attempt, str(outage))
    except esia_client.LoginRejected as rejection:
        return problem(login_failures.from_rejection(rejection), attempt, str(rejection))
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
