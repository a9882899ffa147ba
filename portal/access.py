"""Who may open which page: checked in the view, before anything is rendered."""

from functools import wraps

from flask import abort, current_app, redirect, url_for
from flask_login import current_user, login_required

from . import checks


def is_reviewer(roles: list[dict]) -> bool:
    """Members of the accreditation body (ФАЦ) review applications."""
    ogrn = current_app.config["FAC_OGRN"]
    return any(r.get("ogrn") == ogrn and r.get("active", True) for r in roles)


def restricted() -> bool:
    """A doctor whose only failed check is an ended certificate: the cabinet opens with what
    restores the right to work instead of sending them back to the checklist."""
    return (
        current_user.access != "full"
        and current_user.doctor.role == "doctor"
        and checks.restricted_cabinet(current_user.doctor.checks)
    )


def cabinet_open() -> bool:
    return current_user.access == "full" or restricted()


def home_endpoint() -> str:
    """Where a logged-in person belongs: the checklist, the review console or the cabinet."""
    if not cabinet_open():
        return "auth.checklist"
    if current_user.doctor.role == "reviewer":
        return "review.queue"
    return "cabinet.dashboard"


def home_url() -> str:
    return url_for(home_endpoint())


def role_required(role: str | None):
    """Logged in with the cabinet open (fully or restricted) and, unless `role` is None, in
    that role. What a restricted cabinet cannot do (a periodic application) the services refuse
    and the pages explain."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if not cabinet_open():
                return redirect(url_for("auth.checklist"), 303)
            if role and current_user.doctor.role != role:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator


member_required = role_required(None)
doctor_required = role_required("doctor")
reviewer_required = role_required("reviewer")
