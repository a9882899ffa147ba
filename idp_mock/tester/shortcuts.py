"""Headless shortcuts for end-to-end suites (tester API only): skip the login pages."""

import re
import secrets

from common.errors import ServiceError
from idp_mock import clock
from idp_mock.login import lockout
from idp_mock.login.sso import open_sso_session
from idp_mock.models import AuthRequest, Persona, db
from idp_mock.protocol import authorize, tokens
from idp_mock.protocol.errors import EsiaError

AMRS = ("PWD", "SMS", "MOB", "DS", "BIO", "BNK")


def persona_of(data: dict) -> Persona:
    oid = data.get("oid")
    persona = db.session.get(Persona, oid) if isinstance(oid, int) else None
    if persona is None and data.get("login"):
        persona = lockout.find_persona(data["login"])
    if persona is None:
        raise ServiceError("oid", "Укажите oid или login существующего пользователя")
    return persona


def amr_of(data: dict) -> str:
    amr = data.get("amr", "PWD")
    if amr not in AMRS:
        raise ServiceError("amr", "amr: " + ", ".join(AMRS))
    return amr


def log_in_flow(rid: str, data: dict) -> AuthRequest:
    """Mark a pending login as done by a persona; the browser then goes straight to consent."""
    auth_request = db.session.get(AuthRequest, rid)
    if auth_request is None:
        raise LookupError(rid)
    open_sso_session(auth_request, persona_of(data), amr_of(data))
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
    protocol = data.get("protocol", "v2")
    if protocol not in ("v1", "v2", "oidc"):
        raise ServiceError("protocol", "protocol: v1, v2 или oidc")
    auth_request = AuthRequest(
        id=secrets.token_urlsafe(24),
        client_id=client.client_id,
        redirect_uri=redirect_uri,
        scope=" ".join(scopes),
        state=data.get("state") or authorize.new_state(),
        access_type="offline" if data.get("access_type") == "offline" else "online",
        protocol=protocol,
        code_challenge=challenge,
        nonce=data.get("nonce"),
        created_at=clock.now(),
    )
    db.session.add(auth_request)
    open_sso_session(auth_request, persona, amr_of(data))
    code = tokens.issue_code(auth_request)
    redirect = authorize.redirect_with(redirect_uri, code=code, state=auth_request.state)
    return {"code": code, "state": auth_request.state, "redirect": redirect}


FIXED_CODE = re.compile(r"\d{6}")


def set_fixed_code(persona: Persona, code) -> None:
    if code is not None and not (isinstance(code, str) and FIXED_CODE.fullmatch(code)):
        raise ServiceError("fixed_code", "fixed_code: 6 цифр или null")
    persona.fixed_code = code
