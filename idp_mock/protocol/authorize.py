"""The authorization step (/aas/oauth2/ac and /aas/oauth2/v2/ac): who is asking, and for what."""

import base64
import binascii
import re
import secrets
import uuid
from urllib.parse import urlencode, urlsplit

from idp_mock import clock
from idp_mock.models import AuthRequest, Client, db
from idp_mock.protocol import client_auth
from idp_mock.protocol.errors import EsiaError, UntrustedRequest

UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def trusted_client(params) -> tuple[Client, str]:
    """The registered client and its exactly matching redirect_uri, else UntrustedRequest."""
    client = db.session.get(Client, params.get("client_id") or "")
    if client is None:
        raise UntrustedRequest("ESIA-007005")
    redirect_uri = params.get("redirect_uri") or ""
    if redirect_uri not in client.redirect_uris:
        raise UntrustedRequest("ESIA-007023")
    return client, redirect_uri


def requested_scopes(client: Client, scope: str) -> list[str]:
    scopes = scope.split()
    if not scopes:
        raise EsiaError("ESIA-007013")
    if client.scopes and not set(scopes) <= set(client.scopes):
        raise EsiaError("ESIA-007019")
    return scopes


def check_state(client: Client, state: str) -> None:
    if not state:
        raise EsiaError("ESIA-007014", "state")
    if not UUID_RE.fullmatch(state):
        client_auth.complain(client, EsiaError("ESIA-007003"), "state is not a UUID")


def wants_confirmed_only(person_filter: str | None) -> bool:
    if not person_filter:
        return False
    try:
        padded = person_filter + "=" * (-len(person_filter) % 4)
        return base64.urlsafe_b64decode(padded).decode() == "conf_acc"
    except (binascii.Error, UnicodeDecodeError):
        raise EsiaError("ESIA-007003") from None


def check_signature(client: Client, params, protocol: str) -> None:
    scope, timestamp = params.get("scope", ""), params.get("timestamp", "")
    state, client_id = params.get("state", ""), client.client_id
    client_auth.check_timestamp(client, timestamp)
    v1_message = scope + timestamp + client_id + state
    if protocol == "v1":
        return client_auth.check_pkcs7(client, params.get("client_secret", ""), v1_message)
    client_auth.check_certificate_hash(client, params.get("client_certificate_hash"))
    v2_message = (
        client_id
        + scope
        + params.get("scope_org", "")
        + timestamp
        + state
        + params.get("redirect_uri", "")
    )
    client_auth.check_raw(client, params.get("client_secret", ""), [v2_message], v1_message)


PKCE_CHALLENGE = re.compile(r"[A-Za-z0-9_-]{43}")


def code_challenge(params, required: bool = False) -> str | None:
    """S256 only: `plain` would let whoever sees the authorization request redeem the code."""
    challenge = params.get("code_challenge")
    if not challenge:
        if required:
            raise EsiaError("ESIA-007014", "code_challenge")
        return None
    if params.get("code_challenge_method", "S256") != "S256":
        raise EsiaError("ESIA-007003")
    if not PKCE_CHALLENGE.fullmatch(challenge):
        raise EsiaError("ESIA-007003")
    return challenge


def start(params, protocol: str) -> AuthRequest:
    """Validate an authorization request and add it; the caller's commit stores it with its
    timeline event (one write on a stand that many log in to at once). Raise EsiaError to
    refuse."""
    client, redirect_uri = trusted_client(params)
    if params.get("response_type") != "code":
        raise EsiaError("ESIA-007009")
    client_auth.check_profile(client, protocol, "ESIA-007005")
    oidc = protocol == "oidc"
    if not oidc:
        check_state(client, params.get("state", ""))
    scopes = requested_scopes(client, params.get("scope", ""))
    if not oidc:
        check_signature(client, params, protocol)
    request = AuthRequest(
        id=secrets.token_urlsafe(24),
        client_id=client.client_id,
        redirect_uri=redirect_uri,
        scope=" ".join(scopes),
        state=params.get("state", ""),
        access_type="offline" if params.get("access_type") == "offline" else "online",
        protocol=protocol,
        confirmed_only=wants_confirmed_only(params.get("person_filter")),
        code_challenge=code_challenge(params, required=oidc),
        nonce=params.get("nonce"),
        created_at=clock.stand_now(),
    )
    db.session.add(request)
    return request


def redirect_with(redirect_uri: str, **params) -> str:
    """The client's redirect_uri with our parameters added to any it already has."""
    separator = "&" if urlsplit(redirect_uri).query else "?"
    return redirect_uri + separator + urlencode({k: v for k, v in params.items() if v})


def error_redirect(redirect_uri: str, error: EsiaError, state: str | None) -> str:
    return redirect_with(redirect_uri, **error.as_dict(state))


def origin(uri: str) -> str:
    parts = urlsplit(uri)
    return f"{parts.scheme}://{parts.netloc}"


def new_state() -> str:
    return str(uuid.uuid4())
