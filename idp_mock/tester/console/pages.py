"""What every console page shares: its blueprint under /_mock, the admin-token check,
rendering, and the flash-and-redirect after a change."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

ENTRY = "console_entry"


def require_token():
    """With IDP_ADMIN_TOKEN set, the console opens only after the token is entered once."""
    token = current_app.config.get("ADMIN_TOKEN")
    if token and not session.get("console") and request.blueprint != ENTRY:
        return redirect(url_for(f"{ENTRY}.enter_form"), 303)
    return None


def console_blueprint(import_name: str) -> Blueprint:
    """The blueprint of one console area, named after its module: console_<area>."""
    bp = Blueprint(f"console_{import_name.rpartition('.')[2]}", import_name, url_prefix="/_mock")
    bp.before_request(require_token)
    return bp


def render(template: str, status: int = 200, **context):
    return render_template(f"idp/console/{template}.html", **context), status


def done(message: str, endpoint: str, **values):
    flash(message)
    return redirect(url_for(endpoint, **values), 303)
