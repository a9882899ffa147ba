"""The token step: code exchange in v1 and v3, single use, replay, refresh, token contents."""

import base64
import hashlib

import jwt
import pytest

from tests.support.constants import DOCTOR_PHONE
from tests.support.rp import RelyingParty

ISSUER = "http://esia.gosuslugi.ru/"


@pytest.fixture
def code(browser, registered, demo):
    return browser.log_in(registered.v1_params())["code"]


def exchange(client, params, path="/aas/oauth2/te"):
    return client.post(path, data=params)


def decode(app, token, **kwargs):
    public = app.extensions["signing_key"].public_pem
    options = {"verify_aud": False, "verify_sub": False}
    return jwt.decode(token, public, algorithms=["RS256"], issuer=ISSUER, options=options, **kwargs)


def test_token_response_echoes_the_token_requests_state(client, registered, code):
    params = registered.v1_token_params(code)
    body = exchange(client, params).get_json()
    assert body["state"] == params["state"]
    assert isinstance(body["expires_in"], int)


def test_jwt_headers_are_esias(app, client, registered, code):
    body = exchange(client, registered.v1_token_params(code)).get_json()
    common = {"alg": "RS256", "typ": "JWT", "kid": app.extensions["signing_key"].kid}
    header = jwt.get_unverified_header
    assert header(body["access_token"]) == {**common, "ver": 1, "sbt": "access"}
    assert header(body["id_token"]) == {**common, "ver": 0, "sbt": "id"}


def test_access_token_names_the_subject_and_tags_scopes_with_the_oid(
    app, client, registered, code, demo
):
    body = exchange(client, registered.v1_token_params(code)).get_json()
    claims = decode(app, body["access_token"])
    oid = demo[DOCTOR_PHONE]
    assert claims["urn:esia:sbj_id"] == oid and isinstance(claims["urn:esia:sbj_id"], int)
    assert f"fullname?oid={oid}" in claims["scope"].split()
    assert "openid" in claims["scope"].split()
    assert claims["client_id"] == "TESTRP" and claims["exp"] - claims["iat"] == 3600


def test_id_token_of_a_confirmed_account_says_it_is_trusted(app, client, registered, code, demo):
    body = exchange(client, registered.v1_token_params(code)).get_json()
    claims = decode(app, body["id_token"], audience="TESTRP")
    subject = claims["urn:esia:sbj"]
    assert claims["sub"] == demo[DOCTOR_PHONE] and claims["aud"] == "TESTRP"
    assert subject["urn:esia:sbj:is_tru"] is True and subject["urn:esia:sbj:lvl"] == "PR"
    assert subject["urn:esia:sbj:oid"] == demo[DOCTOR_PHONE]
    assert claims["amr"] == "PWD" and claims["urn:esia:amd"] == "PWD"
    assert claims["exp"] - claims["iat"] == 10800


def test_id_token_of_a_standard_account_has_no_is_tru(app, browser, client, registered, demo):
    code = browser.log_in(registered.v1_params(), phone="+79161234504")["code"]
    body = exchange(client, registered.v1_token_params(code)).get_json()
    subject = decode(app, body["id_token"])["urn:esia:sbj"]
    assert "urn:esia:sbj:is_tru" not in subject and subject["urn:esia:sbj:lvl"] == "P"


def test_no_refresh_token_without_offline_access(browser, client, registered, demo):
    code = browser.log_in(registered.v1_params(access_type="online"))["code"]
    body = exchange(client, registered.v1_token_params(code)).get_json()
    assert "refresh_token" not in body and "access_token" in body


def test_no_id_token_without_the_openid_scope(browser, client, registered, demo):
    code = browser.log_in(registered.v1_params(scope="fullname"))["code"]
    body = exchange(client, registered.v1_token_params(code, scope="fullname")).get_json()
    assert "id_token" not in body and "access_token" in body


def test_a_replayed_code_fails_and_revokes_the_tokens_it_gave(client, registered, code, demo):
    first = exchange(client, registered.v1_token_params(code)).get_json()
    replay = exchange(client, registered.v1_token_params(code))
    assert replay.status_code == 400
    assert replay.get_json()["error"] == "invalid_grant"
    assert replay.get_json()["error_description"].startswith("ESIA-007011")
    person = client.get(
        f"/rs/prns/{demo[DOCTOR_PHONE]}",
        headers={"Authorization": f"Bearer {first['access_token']}"},
    )
    assert person.status_code == 401
    refresh = exchange(
        client,
        registered.v1_token_params(
            "", grant_type="refresh_token", refresh_token=first["refresh_token"]
        ),
    )
    assert refresh.status_code == 400


def test_an_expired_code_is_refused(client, registered, code):
    client.post("/_mock/api/clock", json={"advance_seconds": 301})
    response = exchange(client, registered.v1_token_params(code))
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_grant"


def test_a_code_is_bound_to_its_redirect_uri(client, registered, code):
    params = registered.v1_token_params(code, redirect_uri="http://rp.example.test/other")
    assert exchange(client, params).get_json()["error"] == "invalid_grant"


def test_a_code_is_bound_to_its_client(client, registered, code):
    other = RelyingParty(client_id="OTHERRP")
    client.post("/_mock/api/clients", json=other.registration())
    response = exchange(client, other.v1_token_params(code))
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_grant"


def test_a_token_request_signed_by_another_key_is_refused_and_keeps_the_code(
    client, registered, code
):
    forger = RelyingParty(client_id=registered.client_id)
    refused = exchange(client, forger.v1_token_params(code))
    assert refused.status_code == 400
    assert refused.get_json()["error_description"].startswith("ESIA-007053")
    assert exchange(client, registered.v1_token_params(code)).status_code == 200


def test_a_token_request_from_an_unknown_client_is_refused(client, registered, code):
    response = exchange(client, registered.v1_token_params(code, client_id="NOPE"))
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_client"


def test_an_unsupported_grant_type_is_refused(client, registered, code):
    params = registered.v1_token_params(code, grant_type="password")
    assert exchange(client, params).get_json()["error"] == "unsupported_grant_type"


def test_token_errors_are_json_400_with_the_state(client, registered):
    params = registered.v1_token_params("no-such-code")
    response = exchange(client, params)
    assert response.status_code == 400 and response.mimetype == "application/json"
    assert response.get_json()["state"] == params["state"]
    assert response.headers["Cache-Control"] == "no-store"


def test_a_refresh_token_gives_new_tokens_once(client, registered, code):
    first = exchange(client, registered.v1_token_params(code)).get_json()
    params = registered.v1_token_params(
        "", grant_type="refresh_token", refresh_token=first["refresh_token"]
    )
    renewed = exchange(client, params)
    assert (
        renewed.status_code == 200
        and renewed.get_json()["refresh_token"] != (first["refresh_token"])
    )
    again = exchange(
        client,
        registered.v1_token_params(
            "", grant_type="refresh_token", refresh_token=first["refresh_token"]
        ),
    )
    assert again.status_code == 400


def test_v2_login_and_v3_exchange_with_raw_signatures(browser, client, registered, demo):
    code = browser.log_in(registered.v2_params(), path="/aas/oauth2/v2/ac")["code"]
    response = exchange(client, registered.v3_token_params(code), "/aas/oauth2/v3/te")
    assert response.status_code == 200, response.get_json()
    assert "access_token" in response.get_json()


def test_v3_exchange_signed_without_the_code_is_refused(browser, client, registered, demo):
    code = browser.log_in(registered.v2_params(), path="/aas/oauth2/v2/ac")["code"]
    params = registered.v3_token_params(code)
    params["client_secret"] = registered.raw(registered.v2_message(params))
    response = exchange(client, params, "/aas/oauth2/v3/te")
    assert response.get_json()["error_description"].startswith("ESIA-007053")


def test_v3_exchange_without_certificate_hash_is_refused_with_007014(
    browser, client, registered, demo
):
    code = browser.log_in(registered.v2_params(), path="/aas/oauth2/v2/ac")["code"]
    params = registered.v3_token_params(code)
    del params["client_certificate_hash"]
    response = exchange(client, params, "/aas/oauth2/v3/te")
    assert response.get_json()["error_description"].startswith("ESIA-007014")


def test_v2_token_endpoint_takes_the_message_without_the_code(browser, client, registered, demo):
    code = browser.log_in(registered.v2_params(), path="/aas/oauth2/v2/ac")["code"]
    params = registered.v3_token_params(code)
    params["client_secret"] = registered.raw(registered.v2_message(params))
    assert exchange(client, params, "/aas/oauth2/v2/te").status_code == 200


def test_client_credentials_in_basic_auth_are_accepted(client, registered, code):
    params = registered.v1_token_params(code)
    secret = params.pop("client_secret")
    client_id = params.pop("client_id")
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    response = client.post(
        "/aas/oauth2/te", data=params, headers={"Authorization": f"Basic {basic}"}
    )
    assert response.status_code == 200, response.get_json()


def test_pkce_verifier_must_match_the_challenge(browser, client, registered, demo):
    verifier = "v" * 50
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    params = registered.v1_params(code_challenge=challenge.decode(), code_challenge_method="S256")
    code = browser.log_in(params)["code"]
    wrong = exchange(client, registered.v1_token_params(code, code_verifier="x" * 50))
    assert wrong.get_json()["error_description"].startswith("ESIA-007040")
    right = exchange(client, registered.v1_token_params(code, code_verifier=verifier))
    assert right.status_code == 400  # a failed verifier spends the code


def test_pkce_right_verifier_gets_tokens(browser, client, registered, demo):
    verifier = "w" * 50
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    params = registered.v1_params(code_challenge=challenge.decode(), code_challenge_method="S256")
    code = browser.log_in(params)["code"]
    response = exchange(client, registered.v1_token_params(code, code_verifier=verifier))
    assert response.status_code == 200
