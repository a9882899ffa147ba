"""Codes belong to a family: ESIA (v1, v2 and v3 share codes) or the OIDC profile."""

import pytest

from tests.support.constants import DOCTOR_PHONE
from tests.support.rp import REDIRECT_URI

PUBLIC = {
    "client_id": "generic-oidc",
    "certificate_pem": "",
    "redirect_uris": [REDIRECT_URI],
    "signature_mode": "off",
}
SIGNED_BY = {"/aas/oauth2/te": "v1_token_params", "/aas/oauth2/v3/te": "v3_token_params"}


def issued(client, demo, client_id: str, scope: str, protocol: str) -> str:
    """A code from the tester API, as if the doctor had logged in through `protocol`."""
    fields = {
        "client_id": client_id,
        "redirect_uri": REDIRECT_URI,
        "oid": demo[DOCTOR_PHONE],
        "scope": scope,
        "protocol": protocol,
    }
    response = client.post("/_mock/api/codes", json=fields)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["code"]


@pytest.mark.parametrize("protocol", ["v1", "v2"])
@pytest.mark.parametrize("path", SIGNED_BY)
def test_an_esia_code_redeems_at_every_esia_token_path(client, registered, demo, protocol, path):
    code = issued(client, demo, registered.client_id, registered.scope, protocol)
    response = client.post(path, data=getattr(registered, SIGNED_BY[path])(code))
    assert response.status_code == 200, response.get_json()


def test_an_oidc_code_redeems_only_at_the_oidc_token_endpoint(client, demo):
    assert client.post("/_mock/api/clients", json=PUBLIC).status_code == 201
    code = issued(client, demo, "generic-oidc", "openid", "oidc")
    data = {"client_id": "generic-oidc", "grant_type": "authorization_code", "code": code}
    esia = client.post("/aas/oauth2/v2/te", data=data)
    assert esia.status_code == 400 and esia.get_json()["error"] == "invalid_grant"
    assert client.post("/oidc/token", data=data).status_code == 200


def test_a_client_that_signs_is_refused_as_a_client_at_the_oidc_token_endpoint(
    client, registered, demo
):
    code = issued(client, demo, registered.client_id, "openid", "oidc")
    data = {"client_id": registered.client_id, "grant_type": "authorization_code", "code": code}
    response = client.post("/oidc/token", data=data)
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_client"
