"""The cabinet's public pages."""

from flask import Blueprint, current_app, render_template

bp = Blueprint("pages", __name__)


@bp.get("/")
def landing():
    return render_template("portal/landing.html", idp_url=current_app.config["IDP_URL"])
