"""Recovery codes under the login codes' limits (pause, hourly cap, per source), three tries
at the document, and what the pages tell about them."""

from idp_mock.tester.seed import snils
from tests.support.constants import DOCTOR_PHONE
from tests.support.pages import Page

API = "/_mock/api"
STANDARD_PHONE = "+79161234504"


def post(client, path: str, **fields):
    page = client.get(path)
    if page.status_code != 200:
        return page
    return client.post(path, data={"csrf_token": Page(page).csrf_token, **fields})


def codes_sent(client, to: str) -> list[str]:
    sent = client.get(f"{API}/messages", query_string={"to": to}).get_json()
    return [message["code"] for message in sent]


def test_a_restart_within_the_pause_sends_no_second_code(client, demo):
    post(client, "/recovery", login=STANDARD_PHONE)
    post(client, "/recovery", login=STANDARD_PHONE)
    assert len(codes_sent(client, STANDARD_PHONE)) == 1
    client.post(f"{API}/clock", json={"advance_seconds": 61})
    post(client, "/recovery", login=STANDARD_PHONE)
    assert len(codes_sent(client, STANDARD_PHONE)) == 2


def test_the_code_page_tells_when_a_new_code_can_be_asked_for(client, demo):
    post(client, "/recovery", login=STANDARD_PHONE)
    limits = Page(client.get("/recovery/code")).text_of("recovery-code-limits")
    assert "60 секунд" in limits and "5 кодов" in limits


def test_the_start_page_tells_what_each_account_level_is_asked(client):
    levels = Page(client.get("/recovery")).text_of("recovery-levels")
    assert "стандартной" in levels and "СНИЛС" in levels


def test_one_source_gets_only_so_many_starts(app, client, demo):
    for _ in range(app.config["OTP_MAX_PER_SOURCE"]):
        assert post(client, "/recovery", login="+79160000000").status_code == 303
    response = post(client, "/recovery", login="+79160000000")
    assert response.status_code == 422
    assert "слишком много кодов" in Page(response).field_error("login")


def test_the_third_wrong_document_spends_the_recovery(client, demo):
    post(client, "/recovery", login=DOCTOR_PHONE)
    post(client, "/recovery/code", code=codes_sent(client, DOCTOR_PHONE)[0])
    assert "не совпадает" in Page(post(client, "/recovery/document", document="1")).text
    assert "не совпадает" in Page(post(client, "/recovery/document", document="2")).text
    third = post(client, "/recovery/document", document=snils(112233401)[:-1])
    assert "3 раза" in Page(third).field_error("document")
    assert client.get("/recovery/document").headers["Location"].endswith("/recovery")


def test_the_right_document_after_a_wrong_one_still_passes(client, demo):
    post(client, "/recovery", login=DOCTOR_PHONE)
    post(client, "/recovery/code", code=codes_sent(client, DOCTOR_PHONE)[0])
    post(client, "/recovery/document", document="000-000-000 00")
    response = post(client, "/recovery/document", document=snils(112233401))
    assert response.headers["Location"].endswith("/recovery/password")
