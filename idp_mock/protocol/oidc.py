"""The standard OpenID Connect profile: discovery, JWKS, userinfo claims, RP-initiated logout.

Generic OIDC clients are public clients (signature_mode off) with PKCE (S256); a client that
signs (strict, lenient) keeps to the ESIA paths and their signed client_secret. Both share the
login pages, but a code or refresh token redeems only in the family it was issued under.
"""

import jwt
from flask import current_app, url_for

from idp_mock.models import Client, Persona, db
from idp_mock.protocol import keys, tokens
from idp_mock.protocol.errors import EsiaError
from idp_mock.protocol.person import granted

SCOPES = ["openid", "fullname", "birthdate", "gender", "snils", "email", "mobile", "contacts"]
GENDERS = {"M": "male", "F": "female"}


def discovery() -> dict:
    """The provider metadata (OpenID Connect Discovery 1.0 §3)."""

    def url(endpoint: str) -> str:
        return url_for(endpoint, _external=True)

    return {
        "issuer": current_app.config["ISSUER"],
        "authorization_endpoint": url("oidc.authorize"),
        "token_endpoint": url("oidc.token"),
        "userinfo_endpoint": url("oidc.userinfo"),
        "jwks_uri": url("oidc.jwks"),
        "end_session_endpoint": url("oidc.log_out"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["none"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": SCOPES,
        "claims_supported": [
            "sub", "iss", "aud", "exp", "iat", "nonce", "amr", "auth_time",
            "name", "family_name", "given_name", "middle_name", "birthdate", "gender",
            "email", "email_verified", "phone_number", "phone_number_verified", "snils",
        ],
        "claims_parameter_supported": False,
        "request_parameter_supported": False,
    }  # fmt: skip


def jwks() -> dict:
    return {"keys": [key.jwk for key in keys.published()]}


def userinfo(persona: Persona, scope_claim: str) -> dict:
    """The standard claims the access token's scopes allow."""
    scopes = granted(set(scope_claim.split()))
    claims = {"sub": str(persona.oid)}
    if "fullname" in scopes:
        claims.update(
            name=persona.full_name,
            family_name=persona.last_name,
            given_name=persona.first_name,
            middle_name=persona.middle_name,
        )
    if "birthdate" in scopes:
        claims["birthdate"] = persona.birth_date.isoformat()
    if "gender" in scopes:
        claims["gender"] = GENDERS.get(persona.gender, persona.gender)
    if "snils" in scopes and persona.snils:
        claims["snils"] = persona.snils
    if scopes & {"email", "contacts"} and persona.email:
        claims.update(email=persona.email, email_verified=persona.email_verified)
    if scopes & {"mobile", "contacts"} and persona.phone:
        claims.update(phone_number=persona.phone, phone_number_verified=persona.phone_verified)
    return claims


def logout_client(id_token_hint: str, client_id: str) -> Client | None:
    """The client an end-session request names, by its id_token_hint (any age) or client_id."""
    if id_token_hint:
        try:
            claims = tokens.decode_ours(id_token_hint, skip=("exp", "aud", "nbf"))
        except jwt.InvalidTokenError as error:
            raise EsiaError("ESIA-007003") from error
        if client_id and client_id != claims.get("aud"):
            raise EsiaError("ESIA-007003")
        client_id = claims.get("aud")
    return db.session.get(Client, client_id or "")


def allowed_post_logout(client: Client | None, uri: str) -> bool:
    """Exact match with a URI the client registered for after logout (or for login)."""
    if client is None or not uri:
        return False
    return uri in (client.post_logout_redirect_uris or []) or uri in client.redirect_uris
