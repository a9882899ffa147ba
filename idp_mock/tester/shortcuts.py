"""Headless shortcuts for end-to-end suites (tester API only): skip the login pages."""

import secrets

from common.errors import ServiceError
from idp_mock import clock
from idp_mock.login import app_login, lockout
from idp_mock.login.sso import open_sso_session
from idp_mock.models import AppConfirmation, AuthRequest, Persona, db
from idp_mock.protocol import authorize, tokens
from idp_mock.protocol.errors import EsiaError
from idp_mock.tester.transaction import all_or_nothing

AMRS = ("PWD", "SMS", "MOB", "DS", "BIO", "BNK")


def persona_of(data: dict) -> Persona:
    oid = data.get("oid")
    persona = db.session.get(Persona, oid) if oid is not None else None
    if persona is None and data.get("login"):
        persona = lockout.find_persona(data["login"])
    if persona is None:
        raise ServiceError("oid", "Укажите oid или login существующего пользователя")
    clock.follow(persona)
    return persona


def log_in_flow(rid: str, data: dict) -> AuthRequest:
    """Mark a pending login as done by a persona; the browser then goes straight to consent."""
    auth_request = db.session.get(AuthRequest, rid)
    if auth_request is None:
        raise LookupError(rid)
    open_sso_session(auth_request, persona_of(data), data.get("amr", "PWD"))
    return auth_request


def issue_code(data: dict) -> dict:
    """An authorization code for a persona, as if they had logged in and consented."""
    try:
        client, redirect_uri = authorize.trusted_client(data)
        scopes = authorize.requested_scopes(client, data.get("scope") or "openid")
        challenge = authorize.code_challenge(data)
    except EsiaError as error:
        raise ServiceError("client_id", error.description) from None
    persona = persona_of(data)
    auth_request = AuthRequest(
        id=secrets.token_urlsafe(24),
        client_id=client.client_id,
        redirect_uri=redirect_uri,
        scope=" ".join(scopes),
        state=data.get("state") or authorize.new_state(),
        access_type=data.get("access_type", "online"),
        protocol=data.get("protocol", "v2"),
        code_challenge=challenge,
        nonce=data.get("nonce"),
        created_at=clock.stand_now(),
    )
    db.session.add(auth_request)
    open_sso_session(auth_request, persona, data.get("amr", "PWD"))
    code = tokens.issue_code(auth_request)
    redirect = authorize.redirect_with(redirect_uri, code=code, state=auth_request.state)
    return {"code": code, "state": auth_request.state, "redirect": redirect}


def app_request(rid: str) -> AppConfirmation | None:
    """The Gosuslugi-app request of a pending login (expired once its time is up), if any."""
    confirmation = app_login.latest(rid)
    return app_login.refresh(confirmation) if confirmation else None


def decide_app(confirmation: AppConfirmation, data: dict) -> AppConfirmation:
    """Approve or deny the request as the app of the person in `data` would. Without a number
    the right one is chosen."""
    number = data.get("number")
    with all_or_nothing():
        chosen = confirmation.number if number is None else number
        app_login.decide(confirmation, persona_of(data), data["decision"] == "approve", chosen)
    return confirmation
