"""The simulator as an OP, attacked the way the OpenID conformance suite's Basic OP plan does.

Each test names its conformance module or RFC 9700 / RFC 6749 section.
"""

import base64
import hashlib
import secrets

import jwt
import pytest

from idp_mock.protocol import keys
from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import query_of
from tests.support.jwts import forgeries
from tests.support.rp import REDIRECT_URI, RelyingParty

REDIRECT_VARIANTS = [
    "http://rp.example.test:8080/esia/callback",
    "http://rp.example.test:80/esia/callback",
    "https://rp.example.test/esia/callback",
    "http://rp.example.test/esia/callback/",
    "http://rp.example.test/esia/callback/../../evil",
    "http://rp.example.test/esia",
    "http://rp.example.test/esia/callbackx",
    "http://rp.example.test/esia/callback?next=https://evil.example/",
    "http://rp.example.test/esia/callback#fragment",
    "http://rp.example.test@evil.example/esia/callback",
    "http://evil.example@rp.example.test/esia/callback",
    "http://evil.example\\@rp.example.test/esia/callback",
    "HTTP://RP.EXAMPLE.TEST/esia/callback",
    "http://rp.example.test/ESIA/callback",
    "http://rp.example.test./esia/callback",
    "http://rp.example.test/esia/%63allback",
    "http://evil.example/esia/callback",
    "//evil.example/esia/callback",
    "javascript:alert(1)//rp.example.test/esia/callback",
    " http://rp.example.test/esia/callback",
    "",
]
OIDC_CLIENT = {
    "client_id": "generic-oidc",
    "certificate_pem": "",
    "redirect_uris": [REDIRECT_URI],
    "post_logout_redirect_uris": ["http://rp.example.test/bye"],
    "signature_mode": "off",
}


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def oidc_params(challenge: str | None, **extra) -> dict:
    params = {
        "client_id": "generic-oidc",
        "redirect_uri": REDIRECT_URI,
        "response_type": "code",
        "scope": "openid fullname",
        "state": "s-" + secrets.token_hex(8),
        "nonce": "n-" + secrets.token_hex(8),
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    params.update(extra)
    return {k: v for k, v in params.items() if v is not None}


@pytest.fixture
def public_client(client):
    assert client.post("/_mock/api/clients", json=OIDC_CLIENT).status_code == 201


def oidc_token(client, code: str, **extra):
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT_URI,
        "client_id": "generic-oidc",
        **extra,
    }
    return client.post("/oidc/token", data={k: v for k, v in data.items() if v is not None})


@pytest.fixture
def tokens(client, browser, registered, demo):
    code = browser.log_in(registered.v1_params())["code"]
    response = client.post("/aas/oauth2/te", data=registered.v1_token_params(code))
    assert response.status_code == 200
    return response.get_json()


# oidcc-ensure-registered-redirect-uri; RFC 9700 §2.1 exact matching; RFC 6749 §3.1.2.4
@pytest.mark.parametrize("uri", REDIRECT_VARIANTS)
def test_an_unregistered_redirect_uri_gets_an_error_page_and_never_a_redirect(
    client, registered, public_client, uri
):
    v1 = registered.v1_params(redirect_uri=uri)
    v2 = registered.v2_params(redirect_uri=uri)
    oidc = oidc_params(pkce()[1], redirect_uri=uri)
    for path, params in (
        ("/aas/oauth2/ac", v1),
        ("/aas/oauth2/v2/ac", v2),
        ("/oidc/authorize", oidc),
    ):
        for response in (client.get(path, query_string=params), client.post(path, data=params)):
            assert response.status_code == 400, (path, uri)
            assert "Location" not in response.headers, (path, uri)


def test_an_error_about_other_parameters_goes_only_to_the_registered_uri(client, registered):
    response = client.get("/aas/oauth2/ac", query_string=registered.v1_params(scope=""))
    assert response.headers["Location"].startswith(REDIRECT_URI + "?")
    assert query_of(response.headers["Location"])["error"]


# oidcc-codereuse, oidcc-codereuse-30seconds; RFC 6749 §4.1.2; ASVS 5.0 10.4.2
def test_a_reused_code_is_refused_and_revokes_everything_issued_from_it(
    client, browser, registered, demo
):
    code = browser.log_in(registered.v1_params())["code"]
    first = client.post("/aas/oauth2/te", data=registered.v1_token_params(code)).get_json()
    bearer = {"Authorization": f"Bearer {first['access_token']}"}
    assert client.get(f"/rs/prns/{demo[DOCTOR_PHONE]}", headers=bearer).status_code == 200
    client.post("/_mock/api/clock", json={"advance_seconds": 30})
    replay = client.post("/aas/oauth2/te", data=registered.v1_token_params(code))
    assert replay.status_code == 400 and replay.get_json()["error"] == "invalid_grant"
    assert client.get(f"/rs/prns/{demo[DOCTOR_PHONE]}", headers=bearer).status_code == 401
    refresh = registered.v1_token_params(
        "", grant_type="refresh_token", refresh_token=first["refresh_token"]
    )
    assert client.post("/aas/oauth2/te", data=refresh).status_code == 400


# RFC 6819 5.2.4.4: a code is bound to the client it was issued to
def test_a_code_stolen_by_another_client_is_useless_to_it_and_stays_good_for_its_owner(
    client, browser, registered, demo
):
    thief = RelyingParty(client_id="THIEF", redirect_uri="http://thief.example/cb")
    assert client.post("/_mock/api/clients", json=thief.registration()).status_code == 201
    code = browser.log_in(registered.v1_params())["code"]
    for params in (
        thief.v1_token_params(code),
        thief.v1_token_params(code, redirect_uri=REDIRECT_URI),
    ):
        response = client.post("/aas/oauth2/te", data=params)
        assert response.status_code == 400 and "access_token" not in response.get_json()
    owner = client.post("/aas/oauth2/te", data=registered.v1_token_params(code))
    assert owner.status_code == 200


# RFC 9700 §2.1.1, §4.8 PKCE downgrade; ASVS 5.0 10.4.6
@pytest.mark.parametrize(
    "verifier",
    [None, "", "wrong-" + "v" * 43, "PLACEHOLDER_CHALLENGE"],
    ids=["omitted", "empty", "wrong", "the challenge itself (plain)"],
)
def test_a_code_sent_with_a_challenge_needs_its_verifier(
    client, browser, public_client, demo, verifier
):
    right, challenge = pkce()
    code = browser.log_in(oidc_params(challenge), path="/oidc/authorize")["code"]
    sent = challenge if verifier == "PLACEHOLDER_CHALLENGE" else verifier
    response = oidc_token(client, code, code_verifier=sent)
    assert response.status_code == 400 and "id_token" not in response.get_json()
    assert right  # the real verifier stayed with the client


@pytest.mark.parametrize("method", ["plain", "PLAIN", "s256", "S512", ""])
def test_a_challenge_method_other_than_s256_is_refused(client, public_client, method):
    verifier, _ = pkce()
    params = oidc_params(verifier, code_challenge_method=method)
    response = client.get("/oidc/authorize", query_string=params)
    location = response.headers.get("Location", "")
    assert location.startswith(REDIRECT_URI) and "error=" in location, method
    assert "/login" not in location


def test_an_oidc_request_without_a_challenge_is_refused(client, public_client):
    response = client.get("/oidc/authorize", query_string=oidc_params(None))
    assert "error=" in response.headers["Location"]


def test_a_verifier_for_a_code_that_had_no_challenge_is_refused(browser, client, registered, demo):
    code = browser.log_in(registered.v2_params(), path="/aas/oauth2/v2/ac")["code"]
    params = registered.v3_token_params(code, code_verifier=pkce()[0])
    assert client.post("/aas/oauth2/v3/te", data=params).status_code == 400


def claims_of(app, token: str) -> tuple[dict, dict]:
    return jwt.decode(token, options={"verify_signature": False}), jwt.get_unverified_header(token)


# oidcc-client-test-idtoken-sig-none and key confusion, against the REST API and userinfo
def test_forged_access_tokens_are_refused_by_the_rest_api_and_userinfo(
    app, client, tokens, demo, public_client
):
    claims, header = claims_of(app, tokens["access_token"])
    public_pem = app.extensions["signing_key"].public_pem
    oid = demo[DOCTOR_PHONE]
    for name, forged in forgeries(public_pem, claims, header).items():
        for path in (f"/rs/prns/{oid}", f"/rs/prns/{oid}/ctts", "/oidc/userinfo"):
            response = client.get(path, headers={"Authorization": f"Bearer {forged}"})
            assert response.status_code == 401, (name, path)
    genuine = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert client.get(f"/rs/prns/{oid}", headers=genuine).status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        {"iss": "http://evil.example/"},
        {"urn:esia:sbj_id": 1000000999},
        {"scope": "fullname?oid=1000000101 snils?oid=1000000101 contacts?oid=1000000101"},
    ],
    ids=["wrong issuer", "another subject", "more scopes"],
)
def test_a_token_re_signed_with_changed_claims_is_refused(app, client, tokens, demo, change):
    """Even with the real key: only tokens the simulator recorded are live."""
    claims, header = claims_of(app, tokens["access_token"])
    with app.app_context():
        forged = jwt.encode(
            {**claims, **change}, keys.active().private_key, algorithm="RS256", headers=header
        )
    response = client.get(
        f"/rs/prns/{demo[DOCTOR_PHONE]}", headers={"Authorization": f"Bearer {forged}"}
    )
    assert response.status_code in (401, 403)


def test_an_expired_access_token_is_refused(client, tokens, demo):
    client.post("/_mock/api/clock", json={"advance_seconds": 3601})
    response = client.get(
        f"/rs/prns/{demo[DOCTOR_PHONE]}",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )
    assert response.status_code == 401


def test_a_token_for_one_person_reads_nobody_else(client, tokens, demo):
    other = demo["+79161234502"]
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    for path in (f"/rs/prns/{other}", f"/rs/prns/{other}/ctts", f"/rs/prns/{other}/docs"):
        assert client.get(path, headers=bearer).status_code == 403


LOGOUT_TARGETS = [
    "https://evil.example/",
    "//evil.example/",
    "http://rp.example.test@evil.example/",
    "http://evil.example\\@rp.example.test/",
    "http://evil.example#@rp.example.test/",
    "http:\\\\evil.example",
    "http:/evil.example",
    "javascript:alert(document.domain)//rp.example.test/",
    "data:text/html,<script>alert(1)</script>",
    "HTTP://EVIL.EXAMPLE/",
    "http://rp.example.test.evil.example/",
    "http://evil.example/?http://rp.example.test/",
]


# RFC 6749 §10.15 open redirectors; ASVS 5.0 3.7.2
@pytest.mark.parametrize("target", LOGOUT_TARGETS)
def test_esia_logout_never_redirects_off_the_clients_registered_hosts(client, registered, target):
    for query in (
        {"client_id": registered.client_id, "redirect_url": target},
        {"redirect_url": target},
        {"client_id": "NOBODY", "redirect_url": target},
    ):
        response = client.get("/idp/ext/Logout", query_string=query)
        assert "Location" not in response.headers, (query, response.headers.get("Location"))


def test_esia_logout_still_returns_to_a_registered_host(client, registered):
    target = "http://rp.example.test/after"
    query = {"client_id": registered.client_id, "redirect_url": target}
    assert client.get("/idp/ext/Logout", query_string=query).headers["Location"] == target


@pytest.mark.parametrize(
    "target", [*LOGOUT_TARGETS, "http://rp.example.test/bye/", "http://rp.example.test/bye?x=1"]
)
def test_oidc_logout_never_redirects_to_an_unregistered_uri(client, public_client, target):
    for query in (
        {"client_id": "generic-oidc", "post_logout_redirect_uri": target},
        {"post_logout_redirect_uri": target},
    ):
        response = client.get("/oidc/logout", query_string=query)
        assert response.status_code == 400 and "Location" not in response.headers, query
