"""Logging in through Gosuslugi (ESIA), the checklist, logging out."""

from flask import (
    Blueprint,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from common.forms import EmptyForm

from .. import esia_client, login, login_attempts, login_failures, sessions
from ..access import cabinet_open, home_endpoint, home_url
from .shared import safe_next

bp = Blueprint("auth", __name__)


@bp.get("/login/esia")
def start():
    return redirect(login_attempts.start(safe_next(request.args.get("next"))), 303)


def retry_url(attempt: dict | None) -> str:
    return url_for(".start", next=(attempt or {}).get("next") or None)


def problem(failure: login_failures.Failure, attempt: dict | None, detail: str):
    """The page that names why the login failed, with its code, its logged reference and a retry."""
    failure = login_failures.logged(failure, detail)
    return render_template(
        failure.template, retry=retry_url(attempt), failure=failure
    ), failure.status


def esia_code() -> str:
    """The ESIA code of an error ESIA sent the person back with, as 'ESIA-007015'."""
    return request.args.get("error_description", "")[:11] if request.args.get("error") else ""


@bp.get("/login/esia/callback")
def callback():
    attempt = login_attempts.take(request.args.get("state", ""))
    if login_attempts.went_stale(attempt, esia_code()):
        return redirect(retry_url(attempt), 303)
    if attempt is None:
        return unknown_state()
    if request.args.get("error") or not request.args.get("code"):
        detail = f"ESIA sent {request.args.get('error')}: {request.args.get('error_description')}"
        return problem(login_failures.from_callback(esia_code()), attempt, detail)
    try:
        record = login.finish(request.args["code"], attempt)
    except esia_client.EsiaUnavailable as outage:
        return problem(login_failures.from_outage(outage), attempt, str(outage))
    except esia_client.LoginRejected as rejection:
        return problem(login_failures.from_rejection(rejection), attempt, str(rejection))
    if record.access == "full" and attempt.get("next"):
        return redirect(attempt["next"], 303)
    return home_in_place()


def unknown_state():
    """A callback this browser did not start or has already finished: a logged-in person (who
    reloaded the page the login ended on) goes home, anyone else learns why it failed."""
    if current_user.is_authenticated:
        return redirect(home_url(), 303)
    return problem(login_failures.wrong_state(), None, "callback: unknown state")


def home_in_place():
    """The page the person belongs on, answered at the callback address: a round trip fewer
    than a redirect to it. Content-Location names its own address; nothing keeps or indexes it,
    as the address carries a code (already spent). With JavaScript the page puts its own
    address in the address bar (its canonical link, read by site.js)."""
    g.own_address = home_url()
    response = make_response(current_app.view_functions[home_endpoint()]())
    response.headers["Content-Location"] = g.own_address
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


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
