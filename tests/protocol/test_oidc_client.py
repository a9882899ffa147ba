"""Authlib, a generic OIDC client from PyPI, logs in through the live simulator unchanged.

Only discovery is configured: Authlib finds the endpoints and sends PKCE S256 and a nonce; the
id_token is checked against the JWKS (joserfc), then userinfo is read and the client logs out
through end_session_endpoint.
"""

from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry
from joserfc.registry import HeaderParameter

from tests.support.constants import DEMO_PASSWORD, DOCTOR_PHONE
from tests.support.pages import Page

CLIENT_ID = "authlib-rp"
CALLBACK = "http://rp.example.test/callback"
AFTER_LOGOUT = "http://rp.example.test/logged-out"


@pytest.fixture
def http():
    with requests.Session() as session:
        session.trust_env = False
        yield session


@pytest.fixture
def oidc_client(live_idp, demo, http):
    registration = {
        "client_id": CLIENT_ID,
        "certificate_pem": "",
        "redirect_uris": [CALLBACK],
        "post_logout_redirect_uris": [AFTER_LOGOUT],
        "signature_mode": "off",
    }
    response = http.post(f"{live_idp.url}/_mock/api/clients", json=registration, timeout=10)
    assert response.status_code == 201, response.text
    session = OAuth2Session(
        CLIENT_ID,
        redirect_uri=CALLBACK,
        scope="openid fullname birthdate snils mobile",
        code_challenge_method="S256",
        token_endpoint_auth_method="none",
    )
    session.trust_env = False
    discovery = f"{live_idp.url}/.well-known/openid-configuration"
    metadata = session.get(discovery, withhold_token=True, timeout=10).json()
    yield session, metadata
    session.close()


def post_form(browser, url: str, **fields) -> requests.Response:
    token = Page(browser.get(url, timeout=10)).csrf_token
    return browser.post(url, data={"csrf_token": token, **fields}, allow_redirects=False)


def log_in(live_idp, http, authorization_url: str) -> str:
    """A person's browser through the simulator's pages; returns the callback URL it lands on."""
    browser = requests.Session()
    browser.trust_env = False
    page = browser.get(authorization_url, allow_redirects=False, timeout=10)
    login = urljoin(page.url, Page(page).forms()[0].action)  # the login page answers there
    post_form(browser, login, login=DOCTOR_PHONE, password=DEMO_PASSWORD)
    messages = http.get(f"{live_idp.url}/_mock/api/messages", params={"to": DOCTOR_PHONE})
    post_form(browser, login.replace("/login?", "/login/code?"), code=messages.json()[0]["code"])
    done = post_form(browser, login.replace("/login?", "/consent?"), decision="allow")
    return done.headers["Location"]


# ESIA adds its own header parameters to every token: the token's kind and version.
ESIA_HEADERS = JWSRegistry(
    header_registry={
        "sbt": HeaderParameter("ESIA token kind", "str"),
        "ver": HeaderParameter("ESIA token version", "int"),
    }
)


def id_token_claims(id_token: str, jwks: dict) -> dict:
    """The claims of an id_token whose signature one of the published keys verifies."""
    return jwt.decode(id_token, KeySet.import_key_set(jwks), registry=ESIA_HEADERS).claims


def test_authlib_logs_in_with_pkce_and_nonce_and_validates_the_id_token(
    live_idp, http, oidc_client
):
    session, metadata = oidc_client
    verifier, nonce = generate_token(48), generate_token(20)
    url, state = session.create_authorization_url(
        metadata["authorization_endpoint"], code_verifier=verifier, nonce=nonce
    )
    callback = log_in(live_idp, http, url)
    assert parse_qs(urlsplit(callback).query)["state"] == [state]
    token = session.fetch_token(
        metadata["token_endpoint"], authorization_response=callback, code_verifier=verifier
    )
    claims = id_token_claims(token["id_token"], http.get(metadata["jwks_uri"], timeout=10).json())
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": metadata["issuer"]},
        aud={"essential": True, "value": CLIENT_ID},
        nonce={"essential": True, "value": nonce},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
    ).validate(claims)
    userinfo = session.get(metadata["userinfo_endpoint"], timeout=10).json()
    assert userinfo["sub"] == claims["sub"]
    assert userinfo["family_name"] == "Иванова"

    logout = http.get(
        metadata["end_session_endpoint"],
        params={"id_token_hint": token["id_token"], "post_logout_redirect_uri": AFTER_LOGOUT},
        allow_redirects=False,
        timeout=10,
    )
    assert logout.headers["Location"].startswith(AFTER_LOGOUT)


def test_authlib_gets_an_error_for_a_tampered_code_verifier(live_idp, http, oidc_client):
    session, metadata = oidc_client
    verifier = generate_token(48)
    url, _ = session.create_authorization_url(
        metadata["authorization_endpoint"], code_verifier=verifier, nonce=generate_token(20)
    )
    callback = log_in(live_idp, http, url)
    with pytest.raises(OAuthError) as raised:
        session.fetch_token(
            metadata["token_endpoint"], authorization_response=callback, code_verifier="x" * 48
        )
    assert raised.value.error == "invalid_grant"
