"""The cabinet's public pages: the landing page, help and its feedback form."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from common.errors import ServiceError, show_error

from .. import feedback, login_attempts
from ..access import home_url
from ..feedback_form import FeedbackForm
from .shared import safe_next

bp = Blueprint("pages", __name__)


@bp.get("/")
def landing():
    if current_user.is_authenticated:
        return redirect(home_url(), 303)
    # Sent here by an expired session: the login goes back to the page the doctor was on.
    # The button goes straight to Gosuslugi: a round trip through /login/esia fewer.
    login_url = login_attempts.start(safe_next(request.args.get("next")))
    return render_template("portal/landing.html", login_url=login_url)


def sender():
    return current_user.doctor if current_user.is_authenticated else None


def help_view(form: FeedbackForm, status: int = 200):
    return render_template(
        "portal/help.html",
        channels=current_app.config["SUPPORT_CHANNELS"],
        help_channels=feedback.CHANNELS,
        form=form,
    ), status


@bp.get("/help")
def help_page():
    return help_view(FeedbackForm(data=feedback.prefill(sender())))


@bp.post("/help/feedback")
def send_feedback():
    form = FeedbackForm()
    if not form.validate():
        return help_view(form, 422)
    try:
        sent = feedback.send(sender(), form.data, request.remote_addr or "")
    except ServiceError as error:
        show_error(error, form, fallback="message")
        return help_view(form, 422)
    flash(f"Обращение № {sent.number} принято. Ответ придёт на {sent.email}")
    return redirect(url_for(".help_page"), 303)
