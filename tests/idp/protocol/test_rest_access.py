"""Who may read the REST API: 401 without a valid token the simulator issued and still honours,
403 outside the token's person or scopes, a JSON 404 for a missing item."""


import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.support.constants import DOCTOR_PHONE, OTHER_DOCTOR_PHONE
from tests.support.drivers import api, assert_unauthorized, tokens_for
from tests.support.rp import RelyingParty


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer not-a-jwt"},
        {"Authorization": "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln"},
        {"Authorization": "Basic VEVTVFJQOnNlY3JldA=="},
    ],
)
def test_no_token_or_a_garbage_token_gets_401(client, doctor, headers):
    oid, _ = doctor
    for path in (f"/rs/prns/{oid}", f"/rs/prns/{oid}/ctts", f"/rs/prns/{oid}/docs/1"):
        assert_unauthorized(client.get(path, headers=headers))


def test_a_token_signed_with_another_key_gets_401(client, doctor):
    oid, token = doctor
    claims = jwt.decode(token, options={"verify_signature": False})
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    headers = {"ver": 1, "sbt": "access", "typ": "JWT"}
    forged = jwt.encode(claims, other_key, algorithm="RS256", headers=headers)
    assert_unauthorized(api(client, f"/rs/prns/{oid}", forged))
    unsigned = jwt.encode(claims, None, algorithm="none")
    assert_unauthorized(api(client, f"/rs/prns/{oid}", unsigned))
    assert api(client, f"/rs/prns/{oid}", token).status_code == 200


def test_a_well_signed_token_the_simulator_never_issued_gets_401(app, client, doctor):
    oid, token = doctor
    claims = {**jwt.decode(token, options={"verify_signature": False}), "iat": 1, "nbf": 1}
    key = app.extensions["signing_key"].private_pem
    unrecorded = jwt.encode(claims, key, algorithm="RS256", headers={"sbt": "access"})
    assert_unauthorized(api(client, f"/rs/prns/{oid}", unrecorded))


def test_replaying_the_code_revokes_the_tokens_it_gave(app, client, registered, demo):
    oid = demo[DOCTOR_PHONE]
    first = tokens_for(app, registered, client=client)
    assert api(client, f"/rs/prns/{oid}", first["access_token"]).status_code == 200
    replay = client.post("/aas/oauth2/te", data=registered.v1_token_params(first["code"]))
    assert replay.status_code == 400
    assert replay.get_json()["error"] == "invalid_grant"
    assert_unauthorized(api(client, f"/rs/prns/{oid}", first["access_token"]))
    assert_unauthorized(api(client, f"/rs/prns/{oid}/ctts", first["access_token"]))
    refresh = client.post(
        "/aas/oauth2/te",
        data=registered.v1_token_params(
            "", grant_type="refresh_token", refresh_token=first["refresh_token"]
        ),
    )
    assert refresh.status_code == 400 and refresh.get_json()["error"] == "invalid_grant"


def test_a_token_stops_working_when_the_idp_clock_passes_its_expiry(client, doctor):
    oid, token = doctor
    client.post("/_mock/api/clock", json={"advance_seconds": 3500})
    assert api(client, f"/rs/prns/{oid}", token).status_code == 200
    client.post("/_mock/api/clock", json={"advance_seconds": 101})
    assert_unauthorized(api(client, f"/rs/prns/{oid}", token))


def test_a_token_expires_after_3601_seconds_of_idp_clock(client, doctor):
    oid, token = doctor
    assert client.post("/_mock/api/clock", json={"advance_seconds": 3601}).status_code == 200
    assert_unauthorized(api(client, f"/rs/prns/{oid}", token))
    assert_unauthorized(api(client, f"/rs/prns/{oid}/ctts", token))


def assert_forbidden(response) -> None:
    assert response.status_code == 403
    assert response.headers["Content-Type"] == "application/json"
    assert response.get_json()["code"] == "FORBIDDEN"


def test_another_persons_oid_gets_403(client, doctor, demo):
    _, token = doctor
    other = demo[OTHER_DOCTOR_PHONE]
    for path in (
        f"/rs/prns/{other}",
        f"/rs/prns/{other}/ctts",
        f"/rs/prns/{other}/docs",
        f"/rs/prns/{other}/ctts/1",
    ):
        assert_forbidden(api(client, path, token))


@pytest.mark.parametrize("name", ["addrs", "vhls", "kids"])
def test_a_collection_outside_the_default_scope_gets_403(client, doctor, name):
    oid, token = doctor
    assert_forbidden(api(client, f"/rs/prns/{oid}/{name}", token))


@pytest.mark.parametrize(
    ("scope", "name"),
    [
        ("openid fullname contacts", "docs"),
        ("openid fullname id_doc", "ctts"),
        ("openid fullname id_doc", "roles"),
        ("openid fullname id_doc", "orgs"),
    ],
)
def test_a_collection_without_its_scope_gets_403(app, client, registered, demo, scope, name):
    oid = demo[DOCTOR_PHONE]
    token = tokens_for(app, registered, scope=scope)["access_token"]
    assert_forbidden(api(client, f"/rs/prns/{oid}/{name}", token))
    assert_forbidden(api(client, f"/rs/prns/{oid}/{name}?embed=(elements)", token))


def test_items_without_their_scope_get_403(app, client, registered, demo):
    oid = demo[DOCTOR_PHONE]
    token = tokens_for(app, registered, scope="openid fullname contacts")["access_token"]
    full = tokens_for(app, registered)["access_token"]
    doc_id = api(client, f"/rs/prns/{oid}", full).get_json()["rIdDoc"]
    assert api(client, f"/rs/prns/{oid}/docs/{doc_id}", full).status_code == 200
    assert_forbidden(api(client, f"/rs/prns/{oid}/docs/{doc_id}", token))


def test_a_missing_item_is_a_json_404(client, doctor):
    oid, token = doctor
    for path in (f"/rs/prns/{oid}/ctts/999", f"/rs/prns/{oid}/docs/999"):
        response = api(client, path, token)
        assert response.status_code == 404
        assert response.headers["Content-Type"] == "application/json"
        assert response.get_json()["code"] == "NOT_FOUND"


def test_scope_of_another_relying_party_object_is_honoured(app, client, registered, demo):
    narrow = RelyingParty(scope="openid fullname", pems=registered.pems)
    token = tokens_for(app, narrow)["access_token"]
    person = api(client, f"/rs/prns/{demo[DOCTOR_PHONE]}", token).get_json()
    assert person["lastName"] == "Иванова" and "snils" not in person and "birthDate" not in person
