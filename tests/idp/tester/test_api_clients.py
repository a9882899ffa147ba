"""The tester API's relying-party clients: registering, replacing, listing, refusing."""

import pytest

from tests.support.drivers import step_of
from tests.support.rp import RelyingParty

API = "/_mock/api"


def test_registering_a_client_returns_201_and_lists_it(client, rp):
    response = client.post(f"{API}/clients", json={**rp.registration(), "name": "Тестовая ИС"})
    assert response.status_code == 201
    body = response.get_json()
    assert body == {
        "client_id": "TESTRP",
        "name": "Тестовая ИС",
        "certificate_pem": rp.certificate_pem,
        "redirect_uris": [rp.redirect_uri],
        "scopes": [],
        "signature_mode": "strict",
        "post_logout_redirect_uris": [],
    }
    assert client.get(f"{API}/clients").get_json() == [body]


def test_registering_the_same_client_id_again_replaces_it(client, registered):
    changed = {
        **registered.registration("lenient"),
        "redirect_uris": ["https://new.example.test/cb"],
        "scopes": ["openid"],
    }
    assert client.post(f"{API}/clients", json=changed).status_code == 201
    clients = client.get(f"{API}/clients").get_json()
    assert len(clients) == 1
    assert clients[0]["redirect_uris"] == ["https://new.example.test/cb"]
    assert clients[0]["signature_mode"] == "lenient" and clients[0]["scopes"] == ["openid"]


def test_a_replaced_client_is_checked_with_its_new_certificate(client, registered):
    other = RelyingParty()
    assert client.post(f"{API}/clients", json=other.registration()).status_code == 201
    old_signature = client.get("/aas/oauth2/ac", query_string=registered.v1_params())
    assert "error=invalid_client" in old_signature.headers["Location"]
    new_signature = client.get("/aas/oauth2/ac", query_string=other.v1_params())
    assert step_of(new_signature) == "/login"


def test_several_clients_are_listed(client, rp):
    client.post(f"{API}/clients", json=rp.registration())
    second = RelyingParty(client_id="SECOND", pems=rp.pems)
    client.post(f"{API}/clients", json=second.registration())
    ids = {c["client_id"] for c in client.get(f"{API}/clients").get_json()}
    assert ids == {"TESTRP", "SECOND"}


BAD_PEM = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"client_id": ""}, "client_id"),
        ({"client_id": None}, "client_id"),
        ({"certificate_pem": "not a certificate"}, "certificate_pem"),
        ({"certificate_pem": BAD_PEM}, "certificate_pem"),
        ({"redirect_uris": []}, "redirect_uris"),
        ({"redirect_uris": None}, "redirect_uris"),
        ({"redirect_uris": ["rp.example.test/cb"]}, "redirect_uris"),
        ({"redirect_uris": ["javascript:alert(1)"]}, "redirect_uris"),
        ({"certificate_pem": ""}, "certificate_pem"),
        ({"certificate_pem": "", "signature_mode": "lenient"}, "certificate_pem"),
        ({"signature_mode": "loose"}, "signature_mode"),
    ],
)
def test_an_invalid_client_is_refused_with_a_russian_message_and_the_field(
    client, rp, assert_invalid, changes, field
):
    response = client.post(f"{API}/clients", json={**rp.registration(), **changes})
    assert_invalid(response, field)
    assert client.get(f"{API}/clients").get_json() == []


def test_a_request_without_a_json_body_is_refused(client, assert_invalid):
    assert_invalid(client.post(f"{API}/clients", data="x"), "client_id")


def test_an_empty_certificate_is_allowed_with_signature_mode_off(client, rp):
    response = client.post(f"{API}/clients", json={**rp.registration("off"), "certificate_pem": ""})
    assert response.status_code == 201
    assert response.get_json()["certificate_pem"] == ""
    assert client.get(f"{API}/clients").get_json()[0]["signature_mode"] == "off"
