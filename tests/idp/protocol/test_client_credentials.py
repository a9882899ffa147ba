"""A relying party's own token (grant_type=client_credentials): signed like its logins,
given only for the system scopes it is registered for, and what the registries accept."""

import jwt
import pytest

from tests.support.rp import RelyingParty
from tests.support.system_access import (
    REGISTRIES,
    bearer,
    client_credentials,
    registered_for_registries,
)

TOKEN = "/aas/oauth2/v3/te"
SFR = "/registries/sfr/snils/11223340183"


@pytest.fixture
def system(client, rp, demo):
    assert client.post("/_mock/api/clients", json=registered_for_registries(rp)).status_code == 201
    return rp


def refusal(response) -> str:
    assert response.status_code == 400
    return response.get_json()["error_description"][:11]


def test_a_signed_request_gets_a_short_lived_registries_token(app, client, system):
    params = client_credentials(system)
    response = client.post(TOKEN, data=params)
    body = response.get_json()
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert body["token_type"] == "Bearer" and body["state"] == params["state"]
    assert body["expires_in"] == app.config["SYSTEM_TOKEN_TTL"] < app.config["ACCESS_TOKEN_TTL"]
    assert "id_token" not in body and "refresh_token" not in body
    public = app.extensions["signing_key"].public_pem
    claims = jwt.decode(
        body["access_token"], public, algorithms=["RS256"], options={"verify_aud": False}
    )
    assert claims["scope"] == REGISTRIES and claims["client_id"] == system.client_id
    assert jwt.get_unverified_header(body["access_token"])["sbt"] == "access"


def test_a_wrong_signature_gets_no_token(client, system):
    forged = client_credentials(RelyingParty(client_id=system.client_id))
    assert refusal(client.post(TOKEN, data=forged)) == "ESIA-007053"


def test_v3_wants_the_certificate_hash(client, system):
    params = client_credentials(system)
    del params["client_certificate_hash"]
    assert refusal(client.post(TOKEN, data=params)) == "ESIA-007014"


@pytest.mark.parametrize(("scope", "code"), [("", "ESIA-007006"), ("fullname", "ESIA-007006")])
def test_only_system_scopes_are_given_to_a_system(client, system, scope, code):
    assert refusal(client.post(TOKEN, data=client_credentials(system, scope=scope))) == code


def test_a_client_not_registered_for_the_registries_gets_no_token(client, rp, demo):
    registration = {**rp.registration(), "scopes": ["openid", "fullname"]}
    assert client.post("/_mock/api/clients", json=registration).status_code == 201
    assert refusal(client.post(TOKEN, data=client_credentials(rp))) == "ESIA-007019"


def test_a_client_that_does_not_sign_gets_no_system_token(client, rp, demo):
    registration = {**registered_for_registries(rp, "off"), "certificate_pem": ""}
    assert client.post("/_mock/api/clients", json=registration).status_code == 201
    params = {"client_id": rp.client_id, "grant_type": "client_credentials", "scope": REGISTRIES}
    assert refusal(client.post(TOKEN, data=params)) == "ESIA-007019"
    assert refusal(client.post("/oidc/token", data=params)) == "ESIA-007019"


def test_on_a_training_stand_the_registries_answer_with_and_without_a_token(client, system):
    token = client.post(TOKEN, data=client_credentials(system)).get_json()["access_token"]
    assert client.get(SFR).status_code == 200
    assert client.get(SFR, headers=bearer(token)).get_json()["lastName"] == "Иванова"


def test_on_a_training_stand_a_bad_token_is_still_refused(client, system):
    response = client.get(SFR, headers=bearer("not-a-token"))
    assert response.status_code == 401 and response.get_json()["error"] == "UNAUTHORIZED"
