"""The console's front page: the latest logins, and each one's protocol timeline."""

from flask import abort
from sqlalchemy import select

from idp_mock.models import AuthRequest, db
from idp_mock.tester import timeline
from idp_mock.tester.console.pages import console_blueprint, render

bp = console_blueprint(__name__)


@bp.get("/")
def index():
    logins = db.session.scalars(
        select(AuthRequest).order_by(AuthRequest.created_at.desc()).limit(30)
    )
    return render("index", logins=list(logins))


@bp.get("/logins/<rid>")
def login_timeline(rid: str):
    auth_request = db.session.get(AuthRequest, rid) or abort(404)
    return render("timeline", login=auth_request, events=timeline.events(rid))
