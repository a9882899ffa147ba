"""Tester API: snapshots, sessions and tokens, the clock set and reset, headless shortcuts."""

import jwt
import pytest

import idp_mock
from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import GosuslugiUser, latest_code, query_of, step_of, tokens_for

API = "/_mock/api"


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


# Snapshots


def test_a_restored_snapshot_brings_back_people_and_messages(app, client, registered, demo):
    tokens_for(app, registered)
    saved = client.post(f"{API}/snapshots", json={"name": "after-login"})
    assert saved.status_code == 201
    assert saved.get_json()["rows"]["persona"] == 7
    oid = demo[DOCTOR_PHONE]
    client.delete(f"{API}/personas/{oid}")
    client.post(f"{API}/reset", json={"clients": True})
    restored = client.post(f"{API}/snapshots/after-login/restore")
    assert restored.status_code == 200
    assert client.get(f"{API}/personas/{oid}").status_code == 200
    assert client.get(f"{API}/messages", query_string={"to": DOCTOR_PHONE}).get_json()
    assert client.get(f"{API}/clients").get_json()[0]["client_id"] == "TESTRP"


def test_tokens_issued_after_a_snapshot_are_gone_once_it_is_restored(app, client, registered, demo):
    client.post(f"{API}/snapshots", json={"name": "clean"})
    access = tokens_for(app, registered)["access_token"]
    oid = demo[DOCTOR_PHONE]
    client.post(f"{API}/snapshots/clean/restore")
    assert client.get(f"/rs/prns/{oid}", headers=bearer(access)).status_code == 401


def test_people_log_in_again_after_a_restore(app, client, registered, demo):
    tokens_for(app, registered)
    client.post(f"{API}/snapshots", json={"name": "s"})
    client.post(f"{API}/snapshots/s/restore")
    assert tokens_for(app, registered)["access_token"]


def test_the_snapshot_restores_the_clock(client):
    client.post(f"{API}/clock", json={"advance_seconds": 3600})
    client.post(f"{API}/snapshots", json={"name": "late"})
    client.post(f"{API}/clock/reset")
    client.post(f"{API}/snapshots/late/restore")
    assert client.get(f"{API}/clock").get_json()["offset_seconds"] == 3600


def test_snapshots_are_listed_survive_a_reset_and_can_be_deleted(client, demo):
    client.post(f"{API}/snapshots", json={"name": "one"})
    client.post(f"{API}/reset")
    assert [s["name"] for s in client.get(f"{API}/snapshots").get_json()] == ["one"]
    assert client.delete(f"{API}/snapshots/one").status_code == 204
    assert client.get(f"{API}/snapshots").get_json() == []


def test_restoring_an_unknown_snapshot_is_404_and_a_nameless_one_422(client):
    assert client.post(f"{API}/snapshots/nope/restore").status_code == 404
    response = client.post(f"{API}/snapshots", json={"name": " "})
    assert response.status_code == 422
    assert response.get_json()["field"] == "name"


# Sessions and tokens


def test_a_login_is_listed_as_an_active_session_with_its_tokens(app, client, registered, demo):
    tokens_for(app, registered, client=client)
    oid = demo[DOCTOR_PHONE]
    (session,) = client.get(f"{API}/sessions", query_string={"oid": oid}).get_json()
    assert session["active"] and session["amr"] == "PWD"
    kinds = sorted(t["kind"] for t in client.get(f"{API}/tokens?oid={oid}").get_json())
    assert kinds == ["access", "refresh"]


def test_revoking_a_session_revokes_its_access_token(app, client, registered, demo):
    access = tokens_for(app, registered, client=client)["access_token"]
    oid = demo[DOCTOR_PHONE]
    (session,) = client.get(f"{API}/sessions").get_json()
    revoked = client.post(f"{API}/sessions/{session['id']}/revoke").get_json()
    assert revoked["active"] is False
    assert client.get(f"/rs/prns/{oid}", headers=bearer(access)).status_code == 401


def test_revoking_one_token_leaves_the_others(app, client, registered, demo):
    body = tokens_for(app, registered, client=client)
    tokens = client.get(f"{API}/tokens").get_json()
    (access,) = [t for t in tokens if t["kind"] == "access"]
    assert client.post(f"{API}/tokens/{access['id']}/revoke").get_json()["active"] is False
    oid = demo[DOCTOR_PHONE]
    assert client.get(f"/rs/prns/{oid}", headers=bearer(body["access_token"])).status_code == 401
    refreshed = client.post(
        "/aas/oauth2/te",
        data=registered.v1_token_params(
            "", grant_type="refresh_token", refresh_token=body["refresh_token"]
        ),
    )
    assert refreshed.status_code == 200, refreshed.text


def test_revoking_a_person_ends_all_their_sessions(app, client, registered, demo):
    tokens_for(app, registered, client=client)
    tokens_for(app, registered)
    oid = demo[DOCTOR_PHONE]
    client.post(f"{API}/personas/{oid}/revoke")
    assert not any(s["active"] for s in client.get(f"{API}/sessions").get_json())
    assert not any(t["active"] for t in client.get(f"{API}/tokens").get_json())


def test_revoking_unknown_sessions_and_tokens_is_404(client):
    assert client.post(f"{API}/sessions/nope/revoke").status_code == 404
    assert client.post(f"{API}/tokens/nope/revoke").status_code == 404


# The clock


def test_the_clock_can_be_set_to_a_moment_and_reset(client):
    body = client.post(f"{API}/clock/set", json={"now": "2031-05-06T07:08:09Z"}).get_json()
    assert body["now"].startswith("2031-05-06T07:08:")
    assert client.post(f"{API}/clock/reset").get_json()["offset_seconds"] == 0


def test_setting_the_clock_to_nonsense_is_refused(client):
    response = client.post(f"{API}/clock/set", json={"now": "tomorrow"})
    assert response.status_code == 422
    assert response.get_json()["field"] == "now"


# Headless shortcuts


def test_a_pending_login_finished_by_the_api_goes_straight_to_consent(client, registered, demo):
    browser = GosuslugiUser(client)
    browser.start(registered.v1_params())
    rid = query_of(browser.login_url)["rid"]
    answer = client.post(f"{API}/flows/{rid}/login", json={"login": DOCTOR_PHONE, "amr": "DS"})
    assert answer.status_code == 200
    page = client.get(browser.login_url)
    assert step_of(page) == "/consent"
    code = query_of(browser.consent().headers["Location"])["code"]
    body = client.post("/aas/oauth2/te", data=registered.v1_token_params(code)).get_json()
    claims = jwt.decode(body["id_token"], options={"verify_signature": False})
    assert claims["amr"] == "DS" and claims["sub"] == demo[DOCTOR_PHONE]


def test_finishing_an_unknown_flow_is_404_and_an_unknown_person_422(client, registered, demo):
    assert client.post(f"{API}/flows/nope/login", json={"oid": 1}).status_code == 404
    browser = GosuslugiUser(client)
    browser.start(registered.v1_params())
    rid = query_of(browser.login_url)["rid"]
    response = client.post(f"{API}/flows/{rid}/login", json={"oid": 42})
    assert response.status_code == 422


def test_the_api_issues_a_code_that_the_token_step_accepts(client, registered, demo):
    issued = client.post(
        f"{API}/codes",
        json={
            "client_id": registered.client_id,
            "redirect_uri": registered.redirect_uri,
            "oid": demo[DOCTOR_PHONE],
            "scope": registered.scope,
            "nonce": "n1",
        },
    )
    assert issued.status_code == 201
    code = issued.get_json()["code"]
    assert issued.get_json()["redirect"].startswith(registered.redirect_uri + "?code=")
    body = client.post("/aas/oauth2/te", data=registered.v1_token_params(code)).get_json()
    assert jwt.decode(body["id_token"], options={"verify_signature": False})["nonce"] == "n1"


def test_a_code_is_not_issued_for_an_unregistered_redirect_uri(client, registered, demo):
    response = client.post(
        f"{API}/codes",
        json={"client_id": "TESTRP", "redirect_uri": "http://evil.test/", "oid": 1000000101},
    )
    assert response.status_code == 422


def test_a_fixed_code_is_the_sms_code_for_that_person(client, registered, demo):
    oid = demo[DOCTOR_PHONE]
    assert client.patch(f"{API}/personas/{oid}", json={"fixed_code": "111222"}).status_code == 200
    browser = GosuslugiUser(client)
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    assert latest_code(client, DOCTOR_PHONE) == "111222"
    assert step_of(browser.enter_code("111222")) == "/consent"


@pytest.mark.parametrize("code", ["12345", "abcdef", 123456])
def test_a_fixed_code_must_be_six_digits(client, demo, code):
    oid = demo[DOCTOR_PHONE]
    response = client.patch(f"{API}/personas/{oid}", json={"fixed_code": code})
    assert response.status_code == 422
    assert response.get_json()["field"] == "fixed_code"


def test_without_the_tester_api_the_shortcuts_do_not_exist(idp_config, migrated):
    client = idp_mock.create_app({**idp_config, "TEST_API": False}).test_client()
    assert client.post(f"{API}/codes", json={}).status_code == 404
    assert client.post(f"{API}/flows/x/login", json={}).status_code == 404
    assert client.get(f"{API}/faults").status_code == 404
