"""A code or refresh token redeems only through the protocol and client authentication it was
issued under: ESIA (signed, /aas/oauth2/...) or the OIDC profile (public clients with PKCE).

ASVS 5.0 10.4.10 (a confidential client authenticates on back-channel requests), 10.4.4 (a
client uses only the grants it needs); RFC 6819 5.2.4.4 and 5.2.2.2 (code and refresh token bound
to the client); RFC 6749 §5.2 error codes on the OIDC endpoint.
"""

import base64
import hashlib
import secrets

import pytest

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import query_of
from tests.support.rp import REDIRECT_URI

PUBLIC = {
    "client_id": "generic-oidc",
    "certificate_pem": "",
    "redirect_uris": [REDIRECT_URI],
    "signature_mode": "off",
}


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def oidc_params(client_id: str, challenge: str) -> dict:
    return {
        "client_id": client_id,
        "redirect_uri": REDIRECT_URI,
        "response_type": "code",
        "scope": "openid fullname",
        "state": "s-" + secrets.token_hex(8),
        "nonce": "n-" + secrets.token_hex(8),
        "access_type": "offline",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }


def unsigned(client_id: str, **fields) -> dict:
    """A token request with nothing but the client's name: what the OIDC profile takes."""
    return {"client_id": client_id, "redirect_uri": REDIRECT_URI, **fields}


def refused(response, error: str) -> None:
    body = response.get_json()
    assert response.status_code == 400, body
    assert body["error"] == error and "access_token" not in body, body


@pytest.fixture
def public_client(client):
    assert client.post("/_mock/api/clients", json=PUBLIC).status_code == 201


@pytest.fixture
def esia_tokens(client, browser, registered, demo):
    """A strict client's v2 login and v3 exchange, with its refresh token."""
    code = browser.log_in(registered.v2_params(), DOCTOR_PHONE, "/aas/oauth2/v2/ac")["code"]
    response = client.post("/aas/oauth2/v3/te", data=registered.v3_token_params(code))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.fixture
def oidc_login(client, browser, public_client, demo):
    verifier, challenge = pkce()
    code = browser.log_in(oidc_params("generic-oidc", challenge), path="/oidc/authorize")["code"]
    return code, verifier


def test_a_strict_clients_v2_code_is_refused_at_the_oidc_token_endpoint(
    client, browser, registered, demo
):
    code = browser.log_in(registered.v2_params(), path="/aas/oauth2/v2/ac")["code"]
    data = unsigned(registered.client_id, grant_type="authorization_code", code=code)
    refused(client.post("/oidc/token", data=data), "invalid_client")
    owner = client.post("/aas/oauth2/v3/te", data=registered.v3_token_params(code))
    assert owner.status_code == 200, owner.get_json()


def test_a_public_clients_esia_code_is_refused_at_the_oidc_token_endpoint(
    client, browser, public_client, registered, demo
):
    params = {**registered.v2_params(), "client_id": "generic-oidc"}
    code = browser.log_in(params, path="/aas/oauth2/v2/ac")["code"]
    data = unsigned("generic-oidc", grant_type="authorization_code", code=code)
    refused(client.post("/oidc/token", data=data), "invalid_grant")


def test_an_oidc_code_is_refused_at_the_esia_token_endpoints(client, oidc_login):
    code, verifier = oidc_login
    data = unsigned(
        "generic-oidc", grant_type="authorization_code", code=code, code_verifier=verifier
    )
    for path in ("/aas/oauth2/v3/te", "/aas/oauth2/v2/te", "/aas/oauth2/te"):
        response = client.post(path, data=data)
        refused(response, "invalid_grant")
        assert response.get_json()["error_description"].startswith("ESIA-007011"), path
    assert client.post("/oidc/token", data=data).status_code == 200


def test_a_strict_clients_refresh_token_is_refused_at_the_oidc_token_endpoint(
    client, registered, esia_tokens
):
    data = unsigned(
        registered.client_id,
        grant_type="refresh_token",
        refresh_token=esia_tokens["refresh_token"],
    )
    refused(client.post("/oidc/token", data=data), "invalid_client")


def test_an_oidc_refresh_token_is_refused_at_the_esia_token_endpoints(client, oidc_login):
    code, verifier = oidc_login
    data = unsigned(
        "generic-oidc", grant_type="authorization_code", code=code, code_verifier=verifier
    )
    refresh_token = client.post("/oidc/token", data=data).get_json()["refresh_token"]
    again = unsigned("generic-oidc", grant_type="refresh_token", refresh_token=refresh_token)
    for path in ("/aas/oauth2/v3/te", "/aas/oauth2/te"):
        response = client.post(path, data=again)
        refused(response, "invalid_grant")
        assert response.get_json()["error_description"].startswith("ESIA-007011"), path
    assert client.post("/oidc/token", data=again).status_code == 200


def test_a_public_clients_esia_refresh_token_is_refused_at_the_oidc_token_endpoint(
    client, browser, public_client, registered, demo
):
    params = {**registered.v2_params(), "client_id": "generic-oidc"}
    code = browser.log_in(params, path="/aas/oauth2/v2/ac")["code"]
    data = unsigned("generic-oidc", grant_type="authorization_code", code=code)
    refresh_token = client.post("/aas/oauth2/v3/te", data=data).get_json()["refresh_token"]
    again = unsigned("generic-oidc", grant_type="refresh_token", refresh_token=refresh_token)
    refused(client.post("/oidc/token", data=again), "invalid_grant")


@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_a_client_that_signs_cannot_start_an_unsigned_oidc_login(client, rp, mode):
    assert client.post("/_mock/api/clients", json=rp.registration(mode)).status_code == 201
    params = oidc_params(rp.client_id, pkce()[1])
    for response in (
        client.get("/oidc/authorize", query_string=params),
        client.post("/oidc/authorize", data=params),
    ):
        location = response.headers.get("Location", "")
        assert location.startswith(REDIRECT_URI + "?"), location
        assert query_of(location)["error"] == "unauthorized_client"
