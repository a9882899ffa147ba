"""The cabinet as an ESIA client: its key and certificate, the v2 authorization URL, the v3 token
exchange and refresh, the id_token check, the person and their roles, the logout URL, and HTTP
to ESIA.

Every outgoing call has a timeout; anything that goes wrong on the simulator's side becomes
EsiaUnavailable with its kind (timeout, no connection, an HTTP status, an ESIA outage code), so
the doctor sees a page that names the cause, never a stack trace.
"""

import base64
import hashlib
import secrets
import time
import uuid
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

import jwt
import requests
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from flask import Flask, current_app, url_for

from common import certs, gost, gost_ca
from common.datadir import ensure_dir
from common.gost import certificate_hash

OUTAGE_CODES = {"ESIA-007007", "ESIA-007008"}  # server_error, temporarily_unavailable


class EsiaUnavailable(Exception):
    """The simulator is down, slow, or answered with an error it should not have. `kind` says
    which: "timeout", "connection", "http-502", "unreadable" or the ESIA outage code."""

    def __init__(self, detail: str, kind: str = ""):
        super().__init__(detail)
        self.kind = kind


class LoginRejected(Exception):
    """ESIA said no, or what it said does not verify."""

    def __init__(self, reason: str, code: str = ""):
        super().__init__(reason)
        self.reason, self.code = reason, code


class TokenExpired(LoginRejected):
    """ESIA's REST API no longer takes the access token (401): expired or revoked."""


def config(name: str):
    return current_app.config[name]


def wall_clock() -> float:
    """Real time in seconds: ESIA judges a request's timestamp by it, never by a moved clock."""
    return time.time()


def timestamp() -> str:
    return datetime.fromtimestamp(wall_clock(), UTC).strftime("%Y.%m.%d %H:%M:%S %z")


def redirect_uri() -> str:
    return config("PUBLIC_URL").rstrip("/") + url_for("auth.callback")


def load_or_create_in(data_dir: Path) -> tuple[bytes, bytes]:
    """(key PEM, certificate PEM) the cabinet signs its ESIA requests with, made on first start:
    GOST R 34.10-2012 (256), the only key the real ESIA takes."""
    return certs.load_or_create(
        Path(data_dir) / "portal-keys-gost", "MEDACCRED", make=gost_ca.self_signed
    )


def esia_cert_path(app: Flask) -> Path:
    """Where the certificate of ESIA's token-signing key is kept (fetched once by app.py)."""
    return ensure_dir(Path(app.config["DATA_DIR"]) / "portal-keys") / "esia-signing.pem"


def registration(app: Flask) -> dict:
    """The tester-API body that registers the cabinet with the simulator."""
    _, cert_pem = load_or_create_in(Path(app.config["DATA_DIR"]))
    return {
        "client_id": app.config["ESIA_CLIENT_ID"],
        "name": "Личный кабинет медицинского работника",
        "certificate_pem": cert_pem.decode(),
        "redirect_uris": [app.config["PUBLIC_URL"].rstrip("/") + "/login/esia/callback"],
        # `registries`: the system scope the cabinet reads the state registries with.
        "scopes": [*app.config["ESIA_SCOPES"].split(), "registries"],
        "signature_mode": "gost",
    }


@cache
def _keys(data_dir: str):
    key_pem, cert_pem = load_or_create_in(Path(data_dir))
    return gost_ca.private_key(key_pem), x509.load_pem_x509_certificate(cert_pem)


def sign(message: str) -> str:
    """A raw GOST R 34.10-2012 (256) signature in OpenSSL's byte order, base64url without
    padding (ESIA v2/v3 client_secret)."""
    key, _ = _keys(config("DATA_DIR"))
    signature = gost.sign(key, message.encode())
    return base64.urlsafe_b64encode(signature).decode().rstrip("=")


def certificate_hash_of_client() -> str:
    return certificate_hash(_keys(config("DATA_DIR"))[1])


def new_login() -> dict:
    """A fresh login attempt: state (a UUID, as ESIA wants), nonce, PKCE verifier and when it
    was made."""
    return {
        "state": str(uuid.uuid4()),
        "nonce": secrets.token_urlsafe(24),
        "verifier": secrets.token_urlsafe(48),
        "issued": int(wall_clock()),
    }


def pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def authorization_url(attempt: dict) -> str:
    params = {
        "client_id": config("ESIA_CLIENT_ID"),
        "scope": config("ESIA_SCOPES"),
        "timestamp": timestamp(),
        "state": attempt["state"],
        "redirect_uri": redirect_uri(),
        "response_type": "code",
        # A refresh token, so the cabinet can recheck the person with ESIA while they work.
        "access_type": "offline",
        "client_certificate_hash": certificate_hash_of_client(),
        "nonce": attempt["nonce"],
        "code_challenge": pkce_challenge(attempt["verifier"]),
        "code_challenge_method": "S256",
    }
    message = (
        params["client_id"]
        + params["scope"]
        + params["timestamp"]
        + params["state"]
        + params["redirect_uri"]
    )
    params["client_secret"] = sign(message)
    return f"{config('IDP_URL')}/aas/oauth2/v2/ac?{urlencode(params)}"


def call(method: str, path: str, **kwargs) -> requests.Response:
    """A request to the IdP (ESIA, and the registries served beside it); EsiaUnavailable on a
    network error, a timeout, a 5xx, 408 or 429."""
    try:
        response = requests.request(
            method,
            config("IDP_URL") + path,
            timeout=config("HTTP_TIMEOUT"),
            verify=config("IDP_CA_BUNDLE") or True,
            **kwargs,
        )
    except requests.Timeout as error:
        raise EsiaUnavailable(f"{path}: {error.__class__.__name__}", "timeout") from error
    except requests.RequestException as error:
        raise EsiaUnavailable(f"{path}: {error.__class__.__name__}", "connection") from error
    if response.status_code >= 500 or response.status_code in (408, 429):
        status = response.status_code
        raise EsiaUnavailable(f"{path}: HTTP {status}", f"http-{status}")
    return response


def json_of(response: requests.Response) -> dict:
    try:
        return response.json()
    except ValueError as error:
        detail = f"not JSON: HTTP {response.status_code}"
        raise EsiaUnavailable(detail, "unreadable") from error


def exchange_code(code: str, attempt: dict) -> dict:
    """Tokens for the code, from /aas/oauth2/v3/te; the echoed state must be ours."""
    state = str(uuid.uuid4())
    params = {
        "client_id": config("ESIA_CLIENT_ID"),
        "code": code,
        "grant_type": "authorization_code",
        "redirect_uri": redirect_uri(),
        "scope": config("ESIA_SCOPES"),
        "state": state,
        "timestamp": timestamp(),
        "token_type": "Bearer",
        "client_certificate_hash": certificate_hash_of_client(),
        "code_verifier": attempt["verifier"],
    }
    message = (
        params["client_id"]
        + params["scope"]
        + params["timestamp"]
        + state
        + params["redirect_uri"]
        + code
    )
    params["client_secret"] = sign(message)
    body = token_reply(params)
    if not body.get("id_token"):
        raise LoginRejected("token")
    return body


def token_reply(params: dict) -> dict:
    """ESIA's answer from /aas/oauth2/v3/te: tokens with our state echoed, or LoginRejected with
    its ESIA code; an outage code is EsiaUnavailable."""
    body = json_of(call("POST", "/aas/oauth2/v3/te", data=params))
    if "error" in body:
        code = body.get("error_description", "")[:11]
        if code in OUTAGE_CODES:
            raise EsiaUnavailable(f"token: {code}", code)
        raise LoginRejected("token", code)
    if body.get("state") != params["state"] or not body.get("access_token"):
        raise LoginRejected("token")
    return body


def refresh(refresh_token: str) -> dict:
    """New tokens for a refresh token, signed as the login is (v3, raw signature)."""
    params = {
        "client_id": config("ESIA_CLIENT_ID"),
        "refresh_token": refresh_token,
        "grant_type": "refresh_token",
        "redirect_uri": redirect_uri(),
        "scope": config("ESIA_SCOPES"),
        "state": str(uuid.uuid4()),
        "timestamp": timestamp(),
        "token_type": "Bearer",
        "client_certificate_hash": certificate_hash_of_client(),
    }
    message = "".join(
        params[name] for name in ("client_id", "scope", "timestamp", "state", "redirect_uri")
    )
    params["client_secret"] = sign(message)
    return token_reply(params)


def signing_key() -> bytes:
    pem = Path(config("ESIA_CERT_PATH") or esia_cert_path(current_app)).read_bytes()
    return (
        x509.load_pem_x509_certificate(pem)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


def verify_id_token(token: str, nonce: str) -> dict:
    """Claims of an id_token signed by ESIA's key, for us, unexpired, with our nonce."""
    try:
        claims = jwt.decode(
            token,
            signing_key(),
            algorithms=["RS256"],
            audience=config("ESIA_CLIENT_ID"),
            issuer=config("ESIA_ISSUER"),
            leeway=60,
            options={"require": ["exp", "iat", "aud", "iss"], "verify_sub": False},
        )
    except jwt.InvalidTokenError as error:
        raise LoginRejected(f"id_token: {error}") from error
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise LoginRejected("id_token: nonce")
    return claims


def fetch(path: str, access_token: str) -> dict:
    response = call(
        "GET",
        path,
        headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"},
    )
    if response.status_code == 401:
        raise TokenExpired(f"{path}: HTTP 401")
    if response.status_code != 200:
        raise LoginRejected(f"{path}: HTTP {response.status_code}")
    return json_of(response)


def roles(oid: int, access_token: str) -> list[dict]:
    """The organisations the person acts for, as ESIA shows them now."""
    return fetch(f"/rs/prns/{oid}/roles", access_token).get("elements", [])


def person(oid: int, access_token: str) -> dict:
    """The person with contacts and documents embedded, plus their organisation roles."""
    body = fetch(f"/rs/prns/{oid}?embed=(contacts.elements,documents.elements)", access_token)
    body["roles"] = roles(oid, access_token)
    return body


def logout_url() -> str:
    target = config("PUBLIC_URL").rstrip("/") + url_for("pages.landing")
    query = urlencode({"client_id": config("ESIA_CLIENT_ID"), "redirect_url": target})
    return f"{config('IDP_URL')}/idp/ext/Logout?{query}"
