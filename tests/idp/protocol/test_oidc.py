"""The standard OIDC profile: discovery, JWKS with kid, PKCE S256 only, nonce, userinfo, logout."""

import base64
import hashlib
import secrets

import jwt
import pytest

from tests.support.drivers import query_of
from tests.support.pages import Page

CALLBACK = "http://rp.example.test/esia/callback"
AFTER_LOGOUT = "http://rp.example.test/bye"


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@pytest.fixture
def public_client(client):
    registration = {
        "client_id": "generic-oidc",
        "certificate_pem": "",
        "redirect_uris": [CALLBACK],
        "post_logout_redirect_uris": [AFTER_LOGOUT],
        "signature_mode": "off",
    }
    assert client.post("/_mock/api/clients", json=registration).status_code == 201
    return registration


def oidc_params(challenge: str, **extra) -> dict:
    params = {
        "client_id": "generic-oidc",
        "redirect_uri": CALLBACK,
        "response_type": "code",
        "scope": "openid fullname birthdate email mobile snils",
        "state": "opaque-state-of-a-generic-client",
        "nonce": "n-0S6_WzA2Mj",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    params.update(extra)
    return params


@pytest.fixture
def tokens(client, browser, public_client, demo):
    verifier, challenge = pkce()
    query = browser.log_in(oidc_params(challenge), path="/oidc/authorize")
    response = client.post(
        "/oidc/token",
        data={
            "grant_type": "authorization_code",
            "code": query["code"],
            "redirect_uri": CALLBACK,
            "client_id": "generic-oidc",
            "code_verifier": verifier,
        },
    )
    assert response.status_code == 200, response.text
    return response.get_json()


def test_discovery_names_every_endpoint_and_only_s256(client):
    metadata = client.get("/.well-known/openid-configuration").get_json()
    assert metadata["issuer"] == "http://esia.gosuslugi.ru/"
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    for name in ("authorization", "token", "userinfo", "end_session"):
        assert metadata[f"{name}_endpoint"].startswith("http://localhost/")
    assert metadata["jwks_uri"] == "http://localhost/.well-known/jwks.json"


def test_the_jwks_key_verifies_the_id_token_by_its_kid(client, tokens):
    keys = client.get("/.well-known/jwks.json").get_json()["keys"]
    header = jwt.get_unverified_header(tokens["id_token"])
    (jwk,) = [k for k in keys if k["kid"] == header["kid"]]
    public = jwt.PyJWK(jwk).key
    claims = jwt.decode(tokens["id_token"], public, algorithms=["RS256"], audience="generic-oidc")
    assert claims["nonce"] == "n-0S6_WzA2Mj"


def test_the_oidc_id_token_has_a_string_sub_and_an_amr_array(tokens):
    claims = jwt.decode(tokens["id_token"], options={"verify_signature": False})
    assert claims["sub"] == str(claims["urn:esia:sbj"]["urn:esia:sbj:oid"])
    assert claims["amr"] == ["PWD"]


def test_an_oidc_request_without_a_code_challenge_is_refused(client, public_client):
    params = oidc_params("")
    del params["code_challenge"]
    query = query_of(client.get("/oidc/authorize", query_string=params).headers["Location"])
    assert query["error"] == "invalid_request"
    assert "code_challenge" in query["error_description"]
    assert query["state"] == params["state"]


def test_the_plain_pkce_method_is_refused(client, public_client):
    verifier, _ = pkce()
    params = oidc_params(verifier, code_challenge_method="plain")
    query = query_of(client.get("/oidc/authorize", query_string=params).headers["Location"])
    assert query["error_description"].startswith("ESIA-007003")


def test_a_plain_method_is_refused_on_the_esia_path_too(client, registered):
    verifier, _ = pkce()
    params = registered.v1_params(code_challenge=verifier, code_challenge_method="plain")
    query = query_of(client.get("/aas/oauth2/ac", query_string=params).headers["Location"])
    assert query["error_description"].startswith("ESIA-007003")


def test_a_code_verifier_for_a_code_without_a_challenge_is_refused(
    client, browser, registered, demo
):
    code = browser.log_in(registered.v1_params())["code"]
    params = registered.v1_token_params(code, code_verifier=secrets.token_urlsafe(48))
    body = client.post("/aas/oauth2/te", data=params).get_json()
    assert body["error_description"].startswith("ESIA-007040")


def test_a_wrong_code_verifier_is_refused(client, browser, public_client, demo):
    _, challenge = pkce()
    code = browser.log_in(oidc_params(challenge), path="/oidc/authorize")["code"]
    data = {"grant_type": "authorization_code", "code": code, "client_id": "generic-oidc"}
    body = client.post("/oidc/token", data={**data, "code_verifier": pkce()[0]}).get_json()
    assert body["error_description"].startswith("ESIA-007040")


def test_userinfo_returns_the_claims_of_the_granted_scopes(client, tokens):
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    claims = client.get("/oidc/userinfo", headers=headers).get_json()
    assert claims["family_name"] == "Иванова"
    assert claims["phone_number"] == "+79161234501"
    assert claims["birthdate"] and claims["snils"] and claims["email"]
    assert "gender" not in claims


def test_userinfo_without_a_token_answers_401_with_a_bearer_challenge(client):
    response = client.get("/oidc/userinfo")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_userinfo_with_a_forged_token_answers_401(client, tokens, rp):
    forged = jwt.encode({"urn:esia:sbj_id": 1000000101}, rp.key, algorithm="RS256")
    response = client.get("/oidc/userinfo", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    assert response.get_json()["error"] == "invalid_token"


def logout(client, tokens, uri=AFTER_LOGOUT, **extra):
    query = {"id_token_hint": tokens["id_token"], "post_logout_redirect_uri": uri, **extra}
    return client.get("/oidc/logout", query_string=query)


def test_logout_returns_to_the_registered_uri_with_the_state(client, tokens):
    response = logout(client, tokens, state="after-logout-state")
    assert response.status_code == 302
    assert response.headers["Location"] == AFTER_LOGOUT + "?state=after-logout-state"


def test_logout_ends_the_session_and_revokes_its_tokens(client, tokens):
    logout(client, tokens)
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert client.get("/oidc/userinfo", headers=headers).status_code == 401


def test_logout_to_an_unregistered_uri_is_refused_and_keeps_the_session(client, tokens):
    response = logout(client, tokens, uri="http://evil.example.test/")
    assert response.status_code == 400
    assert "не зарегистрирован" in Page(response).text
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert client.get("/oidc/userinfo", headers=headers).status_code == 200


def test_logout_with_a_forged_id_token_hint_is_refused(client, tokens, rp):
    forged = jwt.encode({"aud": "generic-oidc"}, rp.key, algorithm="RS256")
    response = client.get(
        "/oidc/logout",
        query_string={"id_token_hint": forged, "post_logout_redirect_uri": AFTER_LOGOUT},
    )
    assert response.status_code == 400
