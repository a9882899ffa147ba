"""The state registries hold people's SNILS, names, birth dates and employers. With the tester
API off they answer only a relying party with a system token for them (client credentials):
not an anonymous caller, not a person's token, not a forged, expired or stray one.
ASVS 5.0 V8.2.1 (function-level access), V9.1.1 (tokens verified before use)."""

import jwt
import pytest

import idp_mock
from tests.support.rp import RelyingParty
from tests.support.system_access import bearer, client_credentials, registered_for_registries

TOKEN = "/aas/oauth2/v3/te"
PATHS = [
    "/registries/sfr/snils/112-233-401 83",
    "/registries/frmr/workers/11223340183",
    "/registries/licences/by-worker/11223340183",
]


@pytest.fixture
def closed(app, idp_config, client, rp, demo):
    """The simulator as deployed (tester API off), on the training stand's database, with a
    relying party registered for the registries."""
    assert client.post("/_mock/api/clients", json=registered_for_registries(rp)).status_code == 201
    return idp_mock.create_app({**idp_config, "TEST_API": False}).test_client()


def system_token(closed, rp) -> str:
    response = closed.post(TOKEN, data=client_credentials(rp))
    assert response.status_code == 200, response.get_json()
    return response.get_json()["access_token"]


def assert_refused(response, status: int = 401) -> None:
    assert response.status_code == status
    assert response.is_json and "lastName" not in response.get_json()
    assert response.headers["WWW-Authenticate"].startswith('Bearer realm="registries"')


@pytest.mark.parametrize("path", PATHS)
def test_an_anonymous_caller_reads_no_registry(closed, path):
    assert_refused(closed.get(path))


@pytest.mark.parametrize("path", PATHS)
def test_the_cabinets_token_reads_every_registry(closed, rp, path):
    assert closed.get(path, headers=bearer(system_token(closed, rp))).status_code == 200


def test_a_token_signed_by_another_key_is_refused(closed, rp):
    claims = jwt.decode(system_token(closed, rp), options={"verify_signature": False})
    forged = jwt.encode(claims, RelyingParty().key, algorithm="RS256", headers={"sbt": "access"})
    assert_refused(closed.get(PATHS[0], headers=bearer(forged)))


@pytest.mark.parametrize("header", ["Bearer", "Bearer not.a.jwt", "Basic TUVEOnNlY3JldA=="])
def test_a_malformed_credential_is_refused(closed, header):
    assert_refused(closed.get(PATHS[0], headers={"Authorization": header}))


def test_a_persons_access_token_is_not_a_key_to_the_registries(closed, browser, rp, client):
    code = browser.log_in(rp.v1_params(scope="openid fullname"))["code"]
    params = rp.v1_token_params(code, scope="openid fullname")
    tokens = client.post("/aas/oauth2/te", data=params).get_json()
    assert_refused(closed.get(PATHS[1], headers=bearer(tokens["access_token"])), 403)
    assert_refused(closed.get(PATHS[1], headers=bearer(tokens["id_token"])))


def test_an_expired_token_is_refused(closed, client, rp):
    token = system_token(closed, rp)
    moved = client.post("/_mock/api/clock", json={"advance_seconds": 901})
    assert moved.status_code == 200
    assert_refused(closed.get(PATHS[2], headers=bearer(token)))
