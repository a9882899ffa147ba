"""Account states beyond levels: identity being verified, and blocked (every way in refused)."""

import pytest

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import GosuslugiUser, tokens_for
from tests.support.login_ways import VALID, AtTheBank, Phone, SignatureLogin
from tests.support.pages import Page

API = "/_mock/api"
BLOCKED = "Учётная запись заблокирована"


def set_state(client, demo, state: str):
    response = client.patch(f"{API}/personas/{demo[DOCTOR_PHONE]}", json={"state": state})
    assert response.status_code == 200, response.text
    return response.get_json()


def test_a_person_being_verified_logs_in_and_the_rest_api_says_verifying(
    app, client, registered, demo
):
    assert set_state(client, demo, "verifying")["state"] == "verifying"
    access = tokens_for(app, registered)["access_token"]
    person = client.get(
        f"/rs/prns/{demo[DOCTOR_PHONE]}", headers={"Authorization": f"Bearer {access}"}
    ).get_json()
    assert person["verifying"] is True


def test_a_blocked_person_is_refused_after_the_right_password(client, registered, demo):
    set_state(client, demo, "blocked")
    browser = GosuslugiUser(client)
    browser.start(registered.v1_params())
    response = browser.password(DOCTOR_PHONE)
    assert response.status_code == 422 and BLOCKED in Page(response).field_error("login")
    assert client.get(f"{API}/messages", query_string={"to": DOCTOR_PHONE}).get_json() == []


def test_a_blocked_person_cannot_use_a_signature_the_app_or_a_bank(app, client, registered, demo):
    set_state(client, demo, "blocked")
    signing = SignatureLogin(client, registered)
    assert signing.install(VALID).status_code == 303
    assert BLOCKED in Page(signing.choose(VALID)).field_error("certificate")
    assert BLOCKED in Page(Phone(app).password()).field_error("login")
    assert BLOCKED in Page(AtTheBank(app.test_client(), registered).phone()).field_error("login")


def test_blocking_ends_the_persons_sessions_and_tokens(app, client, registered, demo):
    access = tokens_for(app, registered)["access_token"]
    set_state(client, demo, "blocked")
    response = client.get(
        f"/rs/prns/{demo[DOCTOR_PHONE]}", headers={"Authorization": f"Bearer {access}"}
    )
    assert response.status_code == 401


def test_an_unknown_state_is_refused(client, demo):
    response = client.patch(f"{API}/personas/{demo[DOCTOR_PHONE]}", json={"state": "asleep"})
    assert response.status_code == 422 and response.get_json()["field"] == "state"


@pytest.mark.parametrize("state", ["active", "verifying"])
def test_active_and_verifying_people_log_in(app, client, registered, demo, state):
    set_state(client, demo, state)
    assert tokens_for(app, registered)["access_token"]
