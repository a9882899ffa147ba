"""The profile's front page and its login."""

from flask import redirect, request, url_for

from idp_mock.profile import entry, personal
from idp_mock.profile.views.common import person, profile_blueprint, render

bp = profile_blueprint(__name__)


@bp.get("/profile")
def overview():
    persona = person()
    return render("overview", persona=persona, check=personal.latest(persona))


@bp.get("/profile/login")
def log_in():
    """Log in through the simulator's own pages, then back to the profile page asked for."""
    back = request.args.get("next", "/profile")
    if entry.current_person() is not None:
        return redirect(entry.safe_return(request.host_url, back), 303)
    auth_request = entry.start_login(request.host_url, back)
    return redirect(url_for("password.login_form", rid=auth_request.id), 303)
