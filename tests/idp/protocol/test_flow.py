"""The whole v1 journey through the test client: authorize, log in, consent, tokens, person."""

import jwt

from tests.support.constants import DOCTOR_PHONE


def test_v1_login_returns_code_and_state_to_the_client(browser, registered, demo):
    params = registered.v1_params()
    result = browser.log_in(params)
    assert result["state"] == params["state"]
    assert len(result["code"]) > 30


def test_code_exchanges_for_esia_tokens(app, browser, client, registered, demo):
    code = browser.log_in(registered.v1_params())["code"]
    response = client.post("/aas/oauth2/te", data=registered.v1_token_params(code))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert set(body) == {
        "access_token",
        "id_token",
        "refresh_token",
        "state",
        "token_type",
        "expires_in",
    }
    assert body["expires_in"] == 3600 and body["token_type"] == "Bearer"
    claims = jwt.decode(
        body["id_token"],
        app.extensions["signing_key"].public_pem,
        algorithms=["RS256"],
        audience="TESTRP",
        issuer="http://esia.gosuslugi.ru/",
        options={"verify_sub": False},
    )  # ESIA's sub is an integer
    assert claims["sub"] == demo[DOCTOR_PHONE]
    assert claims["urn:esia:sbj"]["urn:esia:sbj:oid"] == demo[DOCTOR_PHONE]
    person = client.get(
        f"/rs/prns/{demo[DOCTOR_PHONE]}",
        headers={"Authorization": f"Bearer {body['access_token']}"},
    ).get_json()
    assert person["lastName"] == "Иванова" and person["trusted"] is True
