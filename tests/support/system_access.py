"""A relying party asking ESIA for a token of its own (grant_type=client_credentials), signed
as the cabinet signs it: client_id + scope + timestamp + state, raw, on /aas/oauth2/v3/te."""

import uuid

from idp_mock.protocol.signatures import certificate_hash
from tests.support.rp import RelyingParty, esia_timestamp

REGISTRIES = "registries"


def registered_for_registries(rp: RelyingParty, mode: str = "strict") -> dict:
    """The relying party's registration, with the registries among its scopes."""
    return {**rp.registration(mode), "scopes": ["openid", "fullname", REGISTRIES]}


def client_credentials(rp: RelyingParty, scope: str = REGISTRIES, **extra) -> dict:
    params = {
        "client_id": rp.client_id,
        "grant_type": "client_credentials",
        "scope": scope,
        "state": str(uuid.uuid4()),
        "timestamp": esia_timestamp(),
        "token_type": "Bearer",
        "client_certificate_hash": certificate_hash(rp.certificate),
        **extra,
    }
    message = params["client_id"] + params["scope"] + params["timestamp"] + params["state"]
    params.setdefault("client_secret", rp.raw(message))
    return params


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}
