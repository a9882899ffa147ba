"""The tester API for authenticator-app codes (TOTP): turn on, turn off, read the current code."""

from flask import abort, jsonify

from common.tester_api.contract import Error, operation
from idp_mock.models import Persona, db
from idp_mock.tester import app_codes
from idp_mock.tester.api import replies
from idp_mock.tester.api.blueprint import tester_blueprint

bp = tester_blueprint("mock_api_totp", __name__)
NO_PERSON = "No such person"


def persona_or_404(oid: int) -> Persona:
    return db.session.get(Persona, oid) or abort(404)


@bp.post("/personas/<int:oid>/totp")
@operation(
    "Turn on login codes from an authenticator app (RFC 6238: SHA-1, 30 s, 6 digits); a new "
    "secret each time",
    {200: ("On", replies.TotpSecret), 404: NO_PERSON},
)
def enable_totp(oid: int):
    return jsonify(app_codes.turn_on(persona_or_404(oid)))


@bp.delete("/personas/<int:oid>/totp")
@operation(
    "Turn authenticator-app codes off: the person gets SMS codes", {204: "Off", 404: NO_PERSON}
)
def disable_totp(oid: int):
    app_codes.turn_off(persona_or_404(oid))
    return "", 204


@bp.get("/personas/<int:oid>/totp/code")
@operation(
    "The code the person's app shows now, on their group's clock, and its seconds left",
    {200: ("OK", replies.TotpCode), 404: NO_PERSON, 422: ("The person has no app codes", Error)},
)
def current_totp_code(oid: int):
    return jsonify(app_codes.code_now(persona_or_404(oid)))
