"""The authorization step: who may ask, how they must sign, and how refusals are reported."""

import base64

import pytest

from tests.support.drivers import next_url, query_of
from tests.support.pages import Page
from tests.support.rp import RelyingParty


def error_of(response) -> dict:
    assert response.status_code == 302, response.text
    return query_of(response.headers["Location"])


def test_a_signed_v1_request_leads_to_the_login_form(client, registered):
    response = client.get("/aas/oauth2/ac", query_string=registered.v1_params())
    assert "/login?rid=" in next_url(response)  # the login page, at the authorize address
    assert {"login", "password"} <= Page(response).form().names


def test_the_v1_request_may_also_come_as_a_post_form(client, registered):
    response = client.post("/aas/oauth2/ac", data=registered.v1_params())
    assert "/login?rid=" in next_url(response)


def test_an_unknown_client_gets_our_own_error_page_not_a_redirect(client, registered):
    response = client.get("/aas/oauth2/ac", query_string=registered.v1_params(client_id="NOPE"))
    assert response.status_code == 400 and "Location" not in response.headers
    assert "ESIA-007005" in Page(response).text and "не зарегистрирована" in Page(response).text


@pytest.mark.parametrize(
    "uri",
    [
        "http://evil.example/esia/callback",
        "http://rp.example.test/esia/callback/../../evil",
        "http://rp.example.test/esia/callback?x=1",
        "http://rp.example.test/esia/callbackx",
        "",
    ],
)
def test_a_redirect_uri_not_registered_exactly_is_never_redirected_to(client, registered, uri):
    response = client.get("/aas/oauth2/ac", query_string=registered.v1_params(redirect_uri=uri))
    assert response.status_code == 400 and "Location" not in response.headers
    assert "ESIA-007023" in Page(response).text


def test_a_signature_by_another_key_is_refused_with_007053(client, registered):
    forger = RelyingParty(client_id=registered.client_id)
    result = error_of(client.get("/aas/oauth2/ac", query_string=forger.v1_params()))
    assert result["error"] == "invalid_client"
    assert result["error_description"].startswith("ESIA-007053")


def test_a_signature_over_another_state_is_refused(client, registered):
    params = registered.v1_params()
    params["state"] = "0b3d7c0e-2f6a-4ad1-9d5b-2c1f9a7e6b10"
    result = error_of(client.get("/aas/oauth2/ac", query_string=params))
    assert result["error_description"].startswith("ESIA-007053")
    assert result["state"] == params["state"]


def test_a_garbage_or_missing_secret_is_refused(client, registered):
    for secret in ("not-a-signature", ""):
        params = registered.v1_params(client_secret=secret)
        result = error_of(client.get("/aas/oauth2/ac", query_string=params))
        assert result["error_description"].startswith("ESIA-007053")


def test_a_stale_timestamp_is_refused_with_007015(client, registered):
    params = registered.v1_params(skew=-3600)
    result = error_of(client.get("/aas/oauth2/ac", query_string=params))
    assert result["error"] == "invalid_request"
    assert result["error_description"].startswith("ESIA-007015")


@pytest.mark.parametrize("stamp", ["2026-11-26T10:00:00Z", "yesterday", ""])
def test_a_malformed_timestamp_is_refused_with_007015(client, registered, stamp):
    params = registered.v1_params(timestamp=stamp)
    result = error_of(client.get("/aas/oauth2/ac", query_string=params))
    assert result["error_description"].startswith("ESIA-007015")


def test_response_type_other_than_code_is_refused(client, registered):
    params = registered.v1_params(response_type="token")
    assert error_of(client.get("/aas/oauth2/ac", query_string=params))["error"] == (
        "unsupported_response_type"
    )


def test_an_empty_scope_is_refused_with_007013(client, registered):
    params = registered.v1_params(scope="")
    result = error_of(client.get("/aas/oauth2/ac", query_string=params))
    assert result["error_description"].startswith("ESIA-007013")


def test_a_scope_the_client_was_not_granted_is_refused_with_007019(client, rp):
    client.post("/_mock/api/clients", json={**rp.registration(), "scopes": ["openid", "fullname"]})
    result = error_of(client.get("/aas/oauth2/ac", query_string=rp.v1_params(scope="openid snils")))
    assert result["error_description"].startswith("ESIA-007019")


def test_a_state_that_is_not_a_uuid_is_refused_in_strict_mode(client, registered):
    params = registered.v1_params(state="opaque-state")
    result = error_of(client.get("/aas/oauth2/ac", query_string=params))
    assert result["error_description"].startswith("ESIA-007003")


def test_lenient_mode_logs_but_lets_a_bad_signature_through(client, rp):
    client.post("/_mock/api/clients", json=rp.registration("lenient"))
    forger = RelyingParty(client_id=rp.client_id)
    response = client.get("/aas/oauth2/ac", query_string=forger.v1_params(skew=-3600))
    assert "/login?rid=" in next_url(response)


def test_off_mode_needs_no_certificate_or_signature(client, rp):
    client.post("/_mock/api/clients", json={**rp.registration("off"), "certificate_pem": ""})
    params = rp.v1_params(client_secret="", timestamp="")
    response = client.get("/aas/oauth2/ac", query_string=params)
    assert "/login?rid=" in next_url(response)


def test_v2_request_with_a_raw_signature_and_certificate_hash_is_accepted(client, registered):
    response = client.get("/aas/oauth2/v2/ac", query_string=registered.v2_params())
    assert "/login?rid=" in next_url(response)


def test_v2_request_without_certificate_hash_is_refused_with_007014(client, registered):
    params = registered.v2_params()
    del params["client_certificate_hash"]
    result = error_of(client.get("/aas/oauth2/v2/ac", query_string=params))
    assert result["error_description"] == (
        "ESIA-007014: The request doesn't contain the mandatory parameter "
        "[client_certificate_hash]."
    )


def test_v2_request_with_another_certificates_hash_is_refused(client, registered):
    params = registered.v2_params(client_certificate_hash="AB" * 32)
    result = error_of(client.get("/aas/oauth2/v2/ac", query_string=params))
    assert result["error_description"].startswith("ESIA-007053")


def test_v2_request_signed_as_v1_is_refused_in_strict_mode(client, registered):
    params = registered.v2_params()
    v1_message = params["scope"] + params["timestamp"] + params["client_id"] + params["state"]
    params["client_secret"] = registered.pkcs7(v1_message)
    result = error_of(client.get("/aas/oauth2/v2/ac", query_string=params))
    assert result["error_description"].startswith("ESIA-007053")


def test_v2_request_signed_as_v1_passes_in_lenient_mode(client, rp):
    client.post("/_mock/api/clients", json=rp.registration("lenient"))
    params = rp.v2_params()
    v1_message = params["scope"] + params["timestamp"] + params["client_id"] + params["state"]
    params["client_secret"] = rp.pkcs7(v1_message)
    response = client.get("/aas/oauth2/v2/ac", query_string=params)
    assert "/login?rid=" in next_url(response)


def conf_acc() -> str:
    return base64.urlsafe_b64encode(b"conf_acc").decode()


def test_person_filter_conf_acc_turns_away_an_unconfirmed_account_with_007055(
    browser, registered, demo
):
    params = registered.v1_params(person_filter=conf_acc())
    result = browser.log_in(params, phone="+79161234504")
    assert result["error"] == "access_denied"
    assert result["error_description"].startswith("ESIA-007055")
    assert result["state"] == params["state"]


def test_person_filter_conf_acc_admits_a_confirmed_account(browser, registered, demo):
    result = browser.log_in(registered.v1_params(person_filter=conf_acc()))
    assert "code" in result
