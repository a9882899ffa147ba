"""Who may open which page: checked in the view, before anything is rendered."""

from functools import wraps

from flask import abort, current_app, redirect, url_for
from flask_login import current_user, login_required


def is_reviewer(roles: list[dict]) -> bool:
    """Members of the accreditation body (ФАЦ) review applications."""
    ogrn = current_app.config["FAC_OGRN"]
    return any(r.get("ogrn") == ogrn and r.get("active", True) for r in roles)


def home_url() -> str:
    """Where a logged-in person belongs: the checklist, the review console or the cabinet."""
    if current_user.access != "full":
        return url_for("auth.checklist")
    if current_user.doctor.role == "reviewer":
        return url_for("review.queue")
    return url_for("cabinet.dashboard")


def role_required(role: str | None):
    """Logged in with full access and, unless `role` is None, in that role."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if current_user.access != "full":
                return redirect(url_for("auth.checklist"), 303)
            if role and current_user.doctor.role != role:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator


member_required = role_required(None)
doctor_required = role_required("doctor")
reviewer_required = role_required("reviewer")
