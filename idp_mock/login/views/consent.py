"""The consent page: the site asks for the person's data; allowing sends it a one-time code."""

from flask import Blueprint, request

from common.forms import EmptyForm
from idp_mock.login import consent
from idp_mock.login.flow import authenticated_flow, fail, finish, page
from idp_mock.profile import entry

bp = Blueprint("consent", __name__)


@bp.get("/consent")
def consent_form():
    auth_request, persona = authenticated_flow()
    if entry.is_own(auth_request):
        return finish(auth_request)  # the profile asks nobody's consent for the person's own data
    refused = consent.refusal(auth_request, persona)
    if refused:
        return fail(auth_request, refused)
    return page(
        "idp/login/consent.html",
        auth_request,
        form=EmptyForm(),
        persona=persona,
        data=consent.describe(auth_request.scope),
    )


@bp.post("/consent")
def decide_consent():
    auth_request, persona = authenticated_flow()
    refused = consent.refusal(auth_request, persona, request.form.get("decision") == "allow")
    if refused:
        return fail(auth_request, refused)
    return finish(auth_request, code=consent.grant(auth_request))
