"""The live status of an application, polled by its page while the case is open."""

from flask import Blueprint, render_template, request

from common.responses import not_modified, revalidated

from .. import polls, states
from ..access import doctor_required
from .shared import detail_context, mine

bp = Blueprint("status", __name__, url_prefix="/cabinet/applications")


@bp.get("/<int:application_id>/status")
def poll(application_id: int):
    """The polled status: 304 when unchanged, decided in one query before Flask-Login loads the
    session; 286 once final (htmx then stops polling)."""
    found = polls.application_status(application_id)
    sent = found.unchanged(request.if_none_match) if found is not None else None
    return not_modified(sent) if sent else full_poll(application_id)


@doctor_required
def full_poll(application_id: int):
    application = mine(application_id)
    etag = polls.etag_of(polls.status_state(application.status, application.updated_at))
    if sent := polls.matched(etag, request.if_none_match):
        return not_modified(sent)
    body = render_template("portal/applications/_status.html", **detail_context(application))
    return revalidated(body, 286 if states.is_final(application) else 200, etag)
