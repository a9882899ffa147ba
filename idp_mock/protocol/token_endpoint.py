"""The token step (/aas/oauth2/te, /v2/te, /v3/te): codes and refresh tokens for tokens."""

import base64
import binascii
from urllib.parse import unquote

from idp_mock.models import AuthRequest, Client, Persona, db
from idp_mock.protocol import client_auth, system_tokens, tokens
from idp_mock.protocol.errors import EsiaError


def basic_credentials(header: str | None) -> tuple[str, str]:
    """client_id and client_secret from 'Authorization: Basic', which some OAuth gems send."""
    if not header or not header.lower().startswith("basic "):
        return "", ""
    try:
        decoded = base64.b64decode(header[6:].strip()).decode()
    except (binascii.Error, UnicodeDecodeError):
        return "", ""
    client_id, _, secret = decoded.partition(":")
    return unquote(client_id), unquote(secret)


def form_with_basic(form, authorization: str | None) -> dict:
    params = {key: form.get(key, "") for key in form}
    basic_id, basic_secret = basic_credentials(authorization)
    params.setdefault("client_id", basic_id)
    params["client_id"] = params["client_id"] or basic_id
    params["client_secret"] = params.get("client_secret") or basic_secret
    return params


def registered_client(params) -> Client:
    client = db.session.get(Client, params.get("client_id") or "")
    if client is None:
        raise EsiaError("ESIA-008010")
    return client


def check_signature(client: Client, params: dict, protocol: str) -> None:
    get = params.get
    scope, timestamp, state = get("scope", ""), get("timestamp", ""), get("state", "")
    client_auth.check_timestamp(client, timestamp)
    v1_message = scope + timestamp + client.client_id + state
    if protocol == "v1":
        if not get("client_secret") and client.signature_mode == "lenient":
            # passport-esia 0.0.5 sends an empty secret at this step (a node-oauth bug).
            return client_auth.complain(client, EsiaError("ESIA-007053"), "empty client_secret")
        return client_auth.check_pkcs7(client, get("client_secret", ""), v1_message)
    if protocol == "v3":
        client_auth.check_certificate_hash(client, get("client_certificate_hash"))
    base = client.client_id + scope + get("scope_org", "") + timestamp + state
    messages = [base + get("redirect_uri", "")]
    if protocol == "v3" and get("grant_type") == "authorization_code":
        messages = [base + get("redirect_uri", "") + get("code", "")]
    if get("grant_type") == "refresh_token":
        messages.append(client.client_id + scope + timestamp + state + get("refresh_token", ""))
    client_auth.check_raw(client, get("client_secret", ""), messages, v1_message)


def exchange_code(client: Client, params: dict, protocol: str) -> dict:
    grant = tokens.redeem_code(
        params.get("code", ""), client.client_id, params.get("redirect_uri"), protocol
    )
    auth_request = db.session.get(AuthRequest, grant.auth_request_id)
    tokens.check_pkce(auth_request, params.get("code_verifier"))
    return tokens.token_response(
        db.session.get(Persona, grant.persona_oid),
        client.client_id,
        grant.scope,
        params.get("state", ""),
        amr=auth_request.amr or "PWD",
        nonce=auth_request.nonce,
        oidc=auth_request.protocol == "oidc",
        offline=auth_request.access_type == "offline",
        code_hash=grant.code_hash,
        sso_session_id=auth_request.sso_session_id,
        redirect_uri=grant.redirect_uri,
    )


def refresh(client: Client, params: dict, protocol: str) -> dict:
    old = tokens.live_token(params.get("refresh_token", ""), "refresh")
    if old is None or old.client_id != client.client_id:
        raise EsiaError("ESIA-007011")
    tokens.check_family(old.code_hash, protocol)
    old.revoked = True
    return tokens.token_response(
        db.session.get(Persona, old.persona_oid),
        client.client_id,
        old.scope,
        params.get("state", ""),
        amr="PWD",
        offline=True,
        code_hash=old.code_hash,
        sso_session_id=old.sso_session_id,
        redirect_uri=old.redirect_uri,
    )


GRANTS = {
    "authorization_code": exchange_code,
    "refresh_token": refresh,
    "client_credentials": system_tokens.issue,
}


def exchange(params: dict, protocol: str) -> dict:
    """Tokens for a valid token request, stored by the caller's commit (one write with its
    timeline event); raises EsiaError with the code ESIA would return, keeping nothing of the
    refused request but what a spent code must keep."""
    try:
        return grant_tokens(params, protocol)
    except EsiaError:
        db.session.rollback()
        raise


def grant_tokens(params: dict, protocol: str) -> dict:
    client = registered_client(params)
    grant = GRANTS.get(params.get("grant_type", ""))
    if grant is None:
        raise EsiaError("ESIA-007012")
    # The OIDC profile has public clients only; PKCE binds the code to the client instead.
    client_auth.check_profile(client, protocol, "ESIA-008010")
    if protocol != "oidc":
        check_signature(client, params, protocol)
    return grant(client, params, protocol)
