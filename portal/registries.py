"""The state registries the cabinet asks about a person: СФР (is the SNILS theirs), ФРМР (the
federal register of medical workers) and Росздравнадзор's licences of their employer.

The cabinet asks as itself: a system token (OAuth2 client credentials, signed like its logins,
scope `registries`) kept in this process until shortly before it expires.
"""

import threading
import time
import uuid

from flask import current_app

from . import esia_client
from .esia_client import EsiaUnavailable

PATHS = {"sfr": "sfr/snils/{}", "frmr": "frmr/workers/{}", "licence": "licences/by-worker/{}"}
SCOPE = "registries"
RENEW_BEFORE = 60  # seconds before expiry a cached token is replaced
RETRY_REFUSED_AFTER = 60  # seconds before asking again for a token ESIA refused

_tokens: dict[tuple[str, str], tuple[str | None, float]] = {}
_tokens_lock = threading.Lock()


class RegistryUnavailable(EsiaUnavailable):
    """A registry is down, slow, or answered with an error it should not have; `registry` says
    which ("sfr", "frmr", "licences")."""

    def __init__(self, detail: str, kind: str, registry: str):
        super().__init__(detail, kind)
        self.registry = registry


def token_request() -> dict:
    """The signed client_credentials request for /aas/oauth2/v3/te."""
    config = current_app.config
    params = {
        "client_id": config["ESIA_CLIENT_ID"],
        "grant_type": "client_credentials",
        "scope": SCOPE,
        "state": str(uuid.uuid4()),
        "timestamp": esia_client.timestamp(),
        "token_type": "Bearer",
        "client_certificate_hash": esia_client.certificate_hash_of_client(),
    }
    message = params["client_id"] + SCOPE + params["timestamp"] + params["state"]
    return {**params, "client_secret": esia_client.sign(message)}


def new_token() -> tuple[str | None, float]:
    """(token, seconds to keep it); no token when ESIA refuses, asked again a minute later."""
    params = token_request()
    body = esia_client.json_of(esia_client.call("POST", "/aas/oauth2/v3/te", data=params))
    if not body.get("access_token") or body.get("state") != params["state"]:
        current_app.logger.warning("no registries token: %s", body.get("error_description"))
        return None, RETRY_REFUSED_AFTER
    lifetime = int(body.get("expires_in") or 0)
    return body["access_token"], max(lifetime - RENEW_BEFORE, lifetime // 2)


def system_token(renew: bool = False) -> str | None:
    """The cabinet's registries token, from this process's cache unless it is due or `renew`."""
    key = (current_app.config["IDP_URL"], current_app.config["ESIA_CLIENT_ID"])
    with _tokens_lock:
        token, good_until = _tokens.get(key, (None, 0.0))
        if renew or time.monotonic() >= good_until:
            token, keep_for = new_token()
            _tokens[key] = (token, time.monotonic() + keep_for)
        return token


def ask(path: str, renew: bool = False):
    token = system_token(renew)
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return esia_client.call("GET", f"/registries/{path}", headers=headers), token


def record(path: str) -> dict | None:
    """A registry's record, or None when it has no record."""
    try:
        response, token = ask(path)
        if response.status_code == 401 and token:
            # Revoked early, or outdated by a moved clock: one fresh token, one more try.
            response, _ = ask(path, renew=True)
        found = esia_client.json_of(response) if response.status_code == 200 else None
    except EsiaUnavailable as error:
        raise RegistryUnavailable(str(error), error.kind, registry_of(path)) from error
    if response.status_code not in (200, 404):
        status, registry = response.status_code, registry_of(path)
        raise RegistryUnavailable(f"registry {path}: HTTP {status}", f"http-{status}", registry)
    return found


def registry_of(path: str) -> str:
    return path.split("/", 1)[0]


def facts(snils: str) -> dict:
    """What СФР, ФРМР and the licence registry say about the person with this SNILS
    (None: no record, or no SNILS to ask with)."""
    return {name: record(path.format(snils)) if snils else None for name, path in PATHS.items()}


def frmr_worker(snils: str | None) -> dict | None:
    """The medical worker's record in ФРМР, with their education and certificates."""
    return record(PATHS["frmr"].format(snils)) if snils else None
