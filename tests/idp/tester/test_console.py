"""The tester's console pages and each login's protocol timeline."""

import json

import pytest

import idp_mock
from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import GosuslugiUser, query_of, submit, tokens_for
from tests.support.pages import Page
from tests.support.persona_console import edit_persona

API = "/_mock/api"


def test_a_whole_login_is_told_step_by_step_in_russian(app, client, registered, demo):
    browser = GosuslugiUser(client)
    browser.start(registered.v1_params())
    rid = query_of(browser.login_url)["rid"]
    browser.password(DOCTOR_PHONE, "Wrong-Pass1")
    tokens_for(app, registered, client=client)
    steps = client.get(f"{API}/flows/{rid}/timeline").get_json()
    assert [s["step"] for s in steps] == ["authorize", "password"]
    assert steps[1]["ok"] is False and "Неверный логин или пароль" in steps[1]["text"]
    assert steps[0]["params"]["client_secret"].startswith("(скрыто")


def test_the_timeline_follows_the_code_to_the_token_step(client, registered, demo):
    browser = GosuslugiUser(client)
    query = browser.log_in(registered.v1_params())
    rid = query_of(browser.login_url)["rid"]
    client.post("/aas/oauth2/te", data=registered.v1_token_params(query["code"]))
    client.post("/aas/oauth2/te", data=registered.v1_token_params(query["code"]))
    steps = client.get(f"{API}/flows/{rid}/timeline").get_json()
    assert [s["step"] for s in steps] == [
        "authorize", "password", "sms", "redirect", "token", "token"
    ]  # fmt: skip
    assert steps[-1]["ok"] is False and "ESIA-007011" in steps[-1]["text"]
    page = client.get(f"/_mock/logins/{rid}")
    assert "Сайт обменял код на токены" in Page(page).text
    assert any(rid in href for href in Page(client.get("/_mock/")).hrefs)


def test_an_unknown_login_has_no_timeline(client):
    assert client.get(f"{API}/flows/nope/timeline").status_code == 404
    assert client.get("/_mock/logins/nope").status_code == 404


def test_the_console_lists_and_edits_a_persona(client, demo):
    oid = demo[DOCTOR_PHONE]
    assert "Иванова Мария Сергеевна" in Page(client.get("/_mock/personas")).text
    response = edit_persona(
        client,
        oid,
        phone=DOCTOR_PHONE,
        email="ivanova.ms@example.ru",
        level="standard",
        state="verifying",
        fixed_code="123456",
        script='{"app": "deny"}',
    )
    assert response.status_code == 303
    person = client.get(f"{API}/personas/{oid}").get_json()
    assert person["level"] == "standard" and person["fixed_code"] == "123456"
    assert person["state"] == "verifying"
    assert person["script"] == {"app": "deny"}


def test_bad_script_json_is_refused_next_to_the_field_keeping_the_text(client, demo):
    response = edit_persona(client, demo[DOCTOR_PHONE], script="{oops")
    assert response.status_code == 422
    assert Page(response).field_error("script")
    assert Page(response).form().fields["script"] == "{oops"


def test_personas_are_exported_and_imported_as_json(client, demo):
    exported = client.get("/_mock/personas/export")
    assert exported.headers["Content-Disposition"].startswith("attachment")
    people = json.loads(exported.data)
    people[0]["first_name"] = "Марина"
    new = {**people[0], "oid": 1000000999, "phone": "+79160009999", "email": "n@example.ru"}
    new.pop("snils")
    response = submit(
        client, "/_mock/personas", "/_mock/personas/import", data=json.dumps([people[0], new])
    )
    assert response.status_code == 303
    assert client.get(f"{API}/personas/{people[0]['oid']}").get_json()["first_name"] == "Марина"
    assert client.get(f"{API}/personas/1000000999").status_code == 200


def test_importing_nonsense_is_refused(client, demo):
    response = submit(client, "/_mock/personas", "/_mock/personas/import", data="not json")
    assert response.status_code == 422 and "Это не JSON" in Page(response).field_error("data")


def test_deleting_a_persona_asks_first(client, demo):
    oid = demo[DOCTOR_PHONE]
    url = f"/_mock/personas/{oid}/delete"
    assert "Удалить Иванова" in Page(client.get(url)).text
    assert submit(client, url, url).status_code == 303
    assert client.get(f"{API}/personas/{oid}").status_code == 404


def test_the_outbox_filters_by_recipient_and_channel(client, registered, demo):
    GosuslugiUser(client).log_in(registered.v1_params())
    page = client.get("/_mock/outbox", query_string={"to": "4501", "channel": "sms"})
    assert "Код подтверждения входа" in Page(page).text
    assert "Код подтверждения" not in client.get("/_mock/outbox?channel=email").text


def test_the_clock_page_moves_and_resets_the_clock(client):
    response = submit(client, "/_mock/clock", "/_mock/clock", minutes="31")
    assert response.status_code == 303
    assert client.get(f"{API}/clock").get_json()["offset_seconds"] == 31 * 60
    assert submit(client, "/_mock/clock", "/_mock/clock", minutes="0").status_code == 422
    submit(client, "/_mock/clock", "/_mock/clock/reset")
    assert client.get(f"{API}/clock").get_json()["offset_seconds"] == 0


def test_snapshots_are_saved_and_restored_from_the_console(client, demo):
    submit(client, "/_mock/snapshots", "/_mock/snapshots", name="урок-1")
    client.delete(f"{API}/personas/{demo[DOCTOR_PHONE]}")
    submit(client, "/_mock/snapshots", "/_mock/snapshots/урок-1/restore")
    assert client.get(f"{API}/personas/{demo[DOCTOR_PHONE]}").status_code == 200


def test_sessions_are_listed_and_ended_from_the_console(app, client, registered, demo):
    tokens_for(app, registered, client=client)
    assert "активен" in Page(client.get("/_mock/sessions")).text
    sso_id = client.get(f"{API}/sessions").get_json()[0]["id"]
    submit(client, "/_mock/sessions", f"/_mock/sessions/{sso_id}/revoke")
    assert client.get(f"{API}/sessions").get_json()[0]["active"] is False


@pytest.fixture
def guarded_console(idp_config, migrated):
    return idp_mock.create_app({**idp_config, "ADMIN_TOKEN": "s3cret"}).test_client()


def test_with_an_admin_token_the_console_asks_for_it_first(guarded_console):
    response = guarded_console.get("/_mock/personas")
    assert response.status_code == 303 and response.headers["Location"].endswith("/_mock/enter")
    wrong = submit(guarded_console, "/_mock/enter", "/_mock/enter", token="nope")
    assert wrong.status_code == 422
    right = submit(guarded_console, "/_mock/enter", "/_mock/enter", token="s3cret")
    assert right.status_code == 303
    assert guarded_console.get("/_mock/personas").status_code == 200


def test_without_the_tester_api_there_is_no_console(idp_config, migrated):
    client = idp_mock.create_app({**idp_config, "TEST_API": False}).test_client()
    assert client.get("/_mock/").status_code == 404
