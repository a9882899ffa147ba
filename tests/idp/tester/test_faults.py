"""Fault injection: HTTP errors, ESIA errors, delays, timeouts, maintenance, bad tokens, key
rotation; once, N times or until cleared, shared by every worker through the database."""

import time

import jwt
import pytest
from cryptography import x509

import idp_mock
from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import GosuslugiUser, query_of, tokens_for
from tests.support.pages import Page

API = "/_mock/api"
DISCOVERY = "/.well-known/openid-configuration"
ISSUER = "http://esia.gosuslugi.ru/"


def arm(client, **fault):
    response = client.post(f"{API}/faults", json=fault)
    assert response.status_code == 201, response.text
    return response.get_json()


def test_an_http_error_once_breaks_only_the_next_request(client):
    arm(client, kind="http_error", path=DISCOVERY, status=502, times=1)
    assert client.get(DISCOVERY).status_code == 502
    assert client.get(DISCOVERY).status_code == 200


def test_a_fault_n_times_breaks_exactly_n_requests(client):
    arm(client, kind="http_error", path=DISCOVERY, times=3)
    assert [client.get(DISCOVERY).status_code for _ in range(4)] == [500, 500, 500, 200]


def test_a_fault_without_times_lasts_until_cleared(client):
    arm(client, kind="http_error", path=DISCOVERY)
    assert [client.get(DISCOVERY).status_code for _ in range(5)] == [500] * 5
    assert client.get(f"{API}/faults").get_json()[0]["times"] is None
    assert client.delete(f"{API}/faults").get_json() == {"cleared": 1}
    assert client.get(DISCOVERY).status_code == 200


def test_one_fault_is_cleared_by_its_id(client):
    fault = arm(client, kind="http_error", path=DISCOVERY)
    assert client.delete(f"{API}/faults/{fault['id']}").status_code == 204
    assert client.get(DISCOVERY).status_code == 200
    assert client.delete(f"{API}/faults/{fault['id']}").status_code == 404


def test_a_glob_path_breaks_every_matching_endpoint_but_not_others(client):
    arm(client, kind="http_error", path="/.well-known/*")
    assert client.get(DISCOVERY).status_code == 500
    assert client.get("/.well-known/jwks.json").status_code == 500
    assert client.get("/").status_code == 200


def test_the_tester_api_is_never_broken_by_a_fault(client):
    arm(client, kind="http_error", path="*")
    assert client.get(f"{API}/faults").status_code == 200
    assert client.get("/").status_code == 500


def test_an_esia_error_at_authorize_redirects_to_the_client_with_the_code(client, registered):
    arm(client, kind="esia_error", path="/aas/oauth2/ac", code="ESIA-007007")
    params = registered.v1_params()
    query = query_of(client.get("/aas/oauth2/ac", query_string=params).headers["Location"])
    assert query["error"] == "server_error"
    assert query["error_description"].startswith("ESIA-007007")
    assert query["state"] == params["state"]


def test_an_esia_error_at_the_token_step_answers_400_json(client, registered):
    arm(client, kind="esia_error", path="/aas/oauth2/te", code="ESIA-007011")
    response = client.post("/aas/oauth2/te", data={"state": "s"})
    assert response.status_code == 400
    assert response.get_json()["error_description"].startswith("ESIA-007011")


def test_a_delay_slows_the_response_and_then_answers_normally(client):
    arm(client, kind="delay", path=DISCOVERY, seconds=0.3, times=1)
    started = time.monotonic()
    assert client.get(DISCOVERY).status_code == 200
    assert time.monotonic() - started >= 0.3


def test_a_timeout_waits_and_answers_504(client):
    arm(client, kind="timeout", path="/oidc/token", seconds=0.2, times=1)
    started = time.monotonic()
    response = client.post("/oidc/token")
    assert response.status_code == 504
    assert time.monotonic() - started >= 0.2


def test_maintenance_answers_503_with_retry_after_and_a_russian_page(client):
    arm(client, kind="maintenance", path="/login", retry_after=900)
    response = client.get("/login?rid=x")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "900"
    assert "Технические работы" in Page(response).text


@pytest.mark.parametrize(
    "fault, field",
    [
        ({"kind": "explode", "path": "/"}, "kind"),
        ({"kind": "http_error", "path": "relative"}, "path"),
        ({"kind": "http_error", "path": "/", "times": 0}, "times"),
        ({"kind": "http_error", "path": "/", "status": 200}, "status"),
        ({"kind": "esia_error", "path": "/", "code": "ESIA-999999"}, "code"),
        ({"kind": "delay", "path": "/", "seconds": 1000}, "seconds"),
        ({"kind": "bad_token", "defect": "rot13"}, "defect"),
    ],
)
def test_an_invalid_fault_is_refused_with_the_field(client, fault, field):
    response = client.post(f"{API}/faults", json=fault)
    assert response.status_code == 422
    assert response.get_json()["field"] == field


def test_a_fault_fires_once_in_total_across_two_workers(app, idp_config, client):
    arm(client, kind="http_error", path=DISCOVERY, times=1)
    other_worker = idp_mock.create_app(idp_config).test_client()
    assert other_worker.get(DISCOVERY).status_code == 500
    assert client.get(DISCOVERY).status_code == 200


# The bad-token catalogue: what a relying party must refuse.


def verify_id_token(app, token: str, nonce: str | None = None) -> dict:
    claims = jwt.decode(
        token,
        app.extensions["signing_key"].public_key,
        algorithms=["RS256"],
        issuer=ISSUER,
        audience="TESTRP",
        options={"verify_sub": False},  # ESIA's sub is a number
    )
    if nonce and claims.get("nonce") != nonce:
        raise jwt.InvalidTokenError("nonce")
    return claims


DEFECTS = {
    "wrong_iss": jwt.InvalidIssuerError,
    "wrong_aud": jwt.InvalidAudienceError,
    "wrong_alg": jwt.InvalidAlgorithmError,
    "bad_signature": jwt.InvalidSignatureError,
    "expired": jwt.ExpiredSignatureError,
    "not_yet_valid": jwt.ImmatureSignatureError,
    "nonce_mismatch": jwt.InvalidTokenError,
}


@pytest.mark.parametrize("defect", DEFECTS)
def test_a_bad_token_fault_spoils_the_next_id_token_only(app, client, registered, demo, defect):
    arm(client, kind="bad_token", defect=defect, times=1)
    nonce = "nonce-of-the-rp"
    params = registered.v1_params(nonce=nonce)
    code = GosuslugiUser(app.test_client()).log_in(params)["code"]
    spoiled = client.post("/aas/oauth2/te", data=registered.v1_token_params(code)).get_json()
    with pytest.raises(DEFECTS[defect]):
        verify_id_token(app, spoiled["id_token"], nonce)
    assert verify_id_token(app, tokens_for(app, registered)["id_token"])


def test_a_bad_token_fault_on_one_path_leaves_other_token_paths_alone(
    app, client, registered, demo
):
    arm(client, kind="bad_token", defect="bad_signature", path="/aas/oauth2/v3/te")
    assert verify_id_token(app, tokens_for(app, registered)["id_token"])


# Signing-key rotation


def kids(client) -> list[str]:
    return [key["kid"] for key in client.get("/.well-known/jwks.json").get_json()["keys"]]


def kid_of(token: str) -> str:
    return jwt.get_unverified_header(token)["kid"]


def rotate(client, stage: str):
    response = client.post(f"{API}/signing-keys/rotate", json={"stage": stage})
    assert response.status_code == 200, response.text
    return {key["status"]: key["kid"] for key in response.get_json()}


def test_rotation_publishes_then_activates_then_retires(app, client, registered, demo):
    old = app.extensions["signing_key"].kid
    stages = rotate(client, "publish")
    assert kids(client) == [old, stages["next"]]
    assert kid_of(tokens_for(app, registered)["id_token"]) == old
    stages = rotate(client, "activate")
    new = stages["active"]
    assert stages["previous"] == old
    assert kid_of(tokens_for(app, registered)["id_token"]) == new
    assert set(kids(client)) == {old, new}
    rotate(client, "retire")
    assert kids(client) == [new]


def test_after_activation_the_signing_cert_is_the_new_keys(app, client, registered, demo):
    rotate(client, "publish")
    new = rotate(client, "activate")["active"]
    pem = client.get(f"{API}/signing-cert").data
    token = tokens_for(app, registered)["id_token"]
    public = x509.load_pem_x509_certificate(pem).public_key()
    assert kid_of(token) == new
    options = {"verify_sub": False}
    assert jwt.decode(
        token, public, algorithms=["RS256"], audience="TESTRP", issuer=ISSUER, options=options
    )


def test_a_token_of_a_retired_key_no_longer_opens_the_rest_api(app, client, registered, demo):
    access = tokens_for(app, registered)["access_token"]
    oid = demo[DOCTOR_PHONE]
    headers = {"Authorization": f"Bearer {access}"}
    rotate(client, "publish")
    rotate(client, "activate")
    assert client.get(f"/rs/prns/{oid}", headers=headers).status_code == 200
    rotate(client, "retire")
    assert client.get(f"/rs/prns/{oid}", headers=headers).status_code == 401


def test_an_unknown_rotation_stage_is_refused(client):
    response = client.post(f"{API}/signing-keys/rotate", json={"stage": "shred"})
    assert response.status_code == 422
    assert response.get_json()["field"] == "stage"


def test_reset_forgets_faults_and_rotated_keys(app, client):
    arm(client, kind="http_error", path=DISCOVERY)
    rotate(client, "publish")
    client.post(f"{API}/reset")
    assert client.get(DISCOVERY).status_code == 200
    assert kids(client) == [app.extensions["signing_key"].kid]
