"""SSO sessions from the console: listed, and ended with every token issued in them."""

from flask import abort

from common.forms import EmptyForm
from idp_mock.login.sso import end_session
from idp_mock.models import SsoSession, db
from idp_mock.tester import sessions
from idp_mock.tester.console.pages import console_blueprint, done, render

bp = console_blueprint(__name__)


@bp.get("/sessions")
def sessions_page():
    return render("sessions", sessions=sessions.list_sessions(), form=EmptyForm())


@bp.post("/sessions/<sso_id>/revoke")
def revoke_session(sso_id: str):
    end_session(db.session.get(SsoSession, sso_id) or abort(404))
    return done("Сеанс завершён, его токены отозваны", ".sessions_page")
