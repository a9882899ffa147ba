"""The live status of an application, polled by its page while the case is open."""

import hashlib

from flask import Blueprint, make_response, render_template, request

from common.responses import not_modified

from .. import states
from ..access import doctor_required
from ..models import Application
from .shared import detail_context, mine

bp = Blueprint("status", __name__, url_prefix="/cabinet/applications")


def status_etag(application: Application) -> str:
    state = f"{application.status}:{application.updated_at}"
    return hashlib.sha256(state.encode()).hexdigest()[:20]


@bp.get("/<int:application_id>/status")
@doctor_required
def poll(application_id: int):
    """The polled status: 304 when unchanged, 286 once final (htmx then stops polling)."""
    application = mine(application_id)
    etag = status_etag(application)
    if etag in request.if_none_match:
        return not_modified(etag)
    body = render_template("portal/applications/_status.html", **detail_context(application))
    response = make_response(body, 286 if states.is_final(application) else 200)
    response.set_etag(etag)
    response.headers["Vary"] = "HX-Request, HX-Target"
    return response
