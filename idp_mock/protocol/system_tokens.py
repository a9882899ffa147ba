"""Tokens a relying party gets for itself, not for a person (grant_type=client_credentials):
the cabinet's access to the state registries served beside the simulator.

A system token is a signed JWT checked by its signature and expiry alone, as a resource server
checks one; it expires on the simulator's movable clock, so a tester can outdate it.
"""

import uuid

import jwt
from flask import current_app

from idp_mock import clock
from idp_mock.models import Client, db
from idp_mock.protocol import tokens
from idp_mock.protocol.errors import EsiaError

REGISTRIES = "registries"
SYSTEM_SCOPES = frozenset({REGISTRIES})


class NotAuthorized(Exception):
    """No system token, or one that does not verify, or one without the needed scope."""

    def __init__(self, reason: str, status: int = 401):
        super().__init__(reason)
        self.status = status


def check_grant(client: Client, scope: str) -> None:
    """A system scope is given only to a client registered for it and signing its requests."""
    wanted = set(scope.split())
    if not wanted or not wanted <= SYSTEM_SCOPES:
        raise EsiaError("ESIA-007006")
    registered = set(client.scopes or [])  # none registered: any scope, as for logins
    if client.signature_mode == "off" or (registered and not wanted <= registered):
        raise EsiaError("ESIA-007019")


def issue(client: Client, params: dict, protocol: str) -> dict:
    """The token response for a client_credentials request whose signature has been checked."""
    scope = params.get("scope", "")
    check_grant(client, scope)
    ttl = current_app.config["SYSTEM_TOKEN_TTL"]
    now = clock.wall_epoch()
    claims = {
        "nbf": now,
        "iat": now,
        "exp": clock.epoch(clock.now()) + ttl,
        "iss": current_app.config["ISSUER"],
        "scope": scope,
        "client_id": client.client_id,
        "urn:esia:sid": str(uuid.uuid4()),
        "urn:esia:sbj_id": client.client_id,
    }
    return {
        "access_token": tokens.sign(claims, "access", 1),
        "token_type": "Bearer",
        "expires_in": ttl,
        "state": params.get("state", ""),
    }


def verify(token: str, scope: str) -> dict:
    """Claims of a live system token carrying `scope`; raises NotAuthorized."""
    if not token:
        raise NotAuthorized("no bearer token")
    try:
        claims = tokens.decode_ours(token, skip=("exp", "iat", "nbf"))
    except jwt.InvalidTokenError as error:
        raise NotAuthorized(str(error)) from error
    if not isinstance(claims.get("exp"), int) or claims["exp"] <= clock.epoch(clock.now()):
        raise NotAuthorized("expired")
    if jwt.get_unverified_header(token).get("sbt") != "access":
        raise NotAuthorized("not an access token")
    if db.session.get(Client, str(claims.get("client_id", ""))) is None:
        raise NotAuthorized("the client is no longer registered")
    if scope not in str(claims.get("scope", "")).split():
        raise NotAuthorized(f"no {scope} scope", 403)
    return claims
