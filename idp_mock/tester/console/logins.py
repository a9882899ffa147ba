"""The console's front page: the latest logins, and each one's protocol timeline, as a list
and as a sequence diagram (in the console, alone for a projector, and as an SVG file)."""

from flask import abort, make_response, render_template, request
from sqlalchemy import select

from idp_mock.models import AuthRequest, db
from idp_mock.tester import timeline
from idp_mock.tester.console.pages import console_blueprint, render
from idp_mock.tester.sequence_layout import drawn

bp = console_blueprint(__name__)


@bp.get("/")
def index():
    logins = db.session.scalars(
        select(AuthRequest).order_by(AuthRequest.created_at.desc()).limit(30)
    )
    return render("index", logins=list(logins))


def login_drawn(rid: str) -> dict:
    """The login, its events and their diagram: what every page of one login shows."""
    auth_request = db.session.get(AuthRequest, rid) or abort(404)
    events = timeline.events(rid)
    return {"login": auth_request, "events": events, "layout": drawn(events, auth_request.protocol)}


def revalidated(response):
    """Each look asks again (the login may go on), but an unchanged one costs a 304."""
    response.headers["Cache-Control"] = "private, no-cache"
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/logins/<rid>")
def login_timeline(rid: str):
    return render("timeline", **login_drawn(rid))


@bp.get("/logins/<rid>/diagram")
def login_diagram(rid: str):
    page, status = render("diagram", **login_drawn(rid))
    return revalidated(make_response(page, status))


@bp.get("/logins/<rid>/diagram.svg")
def login_diagram_svg(rid: str):
    response = make_response(render_template("idp/console/_sequence.svg", **login_drawn(rid)))
    response.mimetype = "image/svg+xml"
    response.headers["Content-Disposition"] = f'inline; filename="login-{rid[:12]}.svg"'
    return revalidated(response)
