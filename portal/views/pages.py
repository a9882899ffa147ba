"""The cabinet's public pages: the landing page and help."""

from flask import Blueprint, current_app, redirect, render_template, request
from flask_login import current_user

from ..access import home_url
from .shared import safe_next

bp = Blueprint("pages", __name__)


@bp.get("/")
def landing():
    if current_user.is_authenticated:
        return redirect(home_url(), 303)
    # Sent here by an expired session: the login goes back to the page the doctor was on.
    return render_template("portal/landing.html", next=safe_next(request.args.get("next")) or None)


@bp.get("/help")
def help_page():
    return render_template("portal/help.html", channels=current_app.config["SUPPORT_CHANNELS"])
