"""The consent page: the site asks for the person's data; allowing sends it a one-time code."""

from flask import Blueprint, request

from idp_mock.login import consent
from idp_mock.login.flow import authenticated_flow, consent_page, fail, finish

bp = Blueprint("consent", __name__)


@bp.get("/consent")
def consent_form():
    return consent_page(*authenticated_flow())


@bp.post("/consent")
def decide_consent():
    auth_request, persona = authenticated_flow()
    refused = consent.refusal(auth_request, persona, request.form.get("decision") == "allow")
    if refused:
        return fail(auth_request, refused)
    return finish(auth_request, code=consent.grant(auth_request))
