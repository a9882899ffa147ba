"""What every profile page shares: the signed-in person, rendering, flash-and-redirect, and
the way to the login when nobody is signed in."""

from flask import Blueprint, flash, redirect, render_template, request, url_for

from idp_mock.models import Persona
from idp_mock.profile import entry

LEVELS = {"simplified": "упрощённая", "standard": "стандартная", "confirmed": "подтверждённая"}


def profile_blueprint(import_name: str) -> Blueprint:
    """The blueprint of one profile area, named after its module: profile_<area>."""
    return Blueprint(f"profile_{import_name.rpartition('.')[2]}", import_name)


def person() -> Persona:
    """The signed-in person; NotSignedIn sends the browser to log in and come back here."""
    return entry.person_or_login(request.path)


def render(template: str, status: int = 200, **context):
    response = render_template(f"idp/profile/{template}.html", levels=LEVELS, **context)
    return response, status


def done(message: str, endpoint: str, **values):
    flash(message)
    return redirect(url_for(endpoint, **values), 303)


def to_login(error: entry.NotSignedIn):
    return redirect(url_for("profile_overview.log_in", next=error.path), 303)


def init_app(app) -> None:
    app.register_error_handler(entry.NotSignedIn, to_login)
