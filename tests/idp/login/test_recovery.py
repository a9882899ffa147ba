"""Password recovery: a code by SMS or e-mail, a document for confirmed accounts, a new password
by the policy; every session and refresh token of the person revoked; a lockout lifted."""

import pytest

from idp_mock.tester.seed import DEMO_PASSWORD, snils
from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import GosuslugiUser, latest_code, step_of, tokens_for
from tests.support.pages import Page
from tests.support.recovery import NEW_PASSWORD, Recovering

API = "/_mock/api"
STANDARD_PHONE = "+79161234504"
DOCTOR_EMAIL = "ivanova.ms@example.ru"


@pytest.fixture
def person(client, demo):
    return Recovering(client)


def can_log_in(app, registered, phone: str, password: str) -> bool:
    browser = GosuslugiUser(app.test_client())
    browser.start(registered.v1_params())
    return step_of(browser.password(phone, password)) == "/login/code"


def test_a_standard_account_recovers_by_phone_and_logs_in_with_the_new_password(
    app, person, registered
):
    person.up_to_password(STANDARD_PHONE, STANDARD_PHONE)
    response = person.password()
    assert response.status_code == 303 and response.headers["Location"].endswith("/recovery/done")
    assert can_log_in(app, registered, STANDARD_PHONE, NEW_PASSWORD)
    assert not can_log_in(app, registered, STANDARD_PHONE, DEMO_PASSWORD)
    done = Page(person.client.get(response.headers["Location"]))
    assert "на других сайтах" in done.text


def test_the_old_password_is_refused_next_to_the_field(app, person, registered):
    person.up_to_password(STANDARD_PHONE, STANDARD_PHONE)
    response = person.password(DEMO_PASSWORD)
    assert response.status_code == 422
    assert "совпадает с прежним" in Page(response).field_error("password")
    assert can_log_in(app, registered, STANDARD_PHONE, DEMO_PASSWORD)


def test_a_confirmed_account_is_asked_for_snils_after_the_code(app, person, registered):
    person.start(DOCTOR_PHONE)
    response = person.code(latest_code(person.client, DOCTOR_PHONE))
    assert response.headers["Location"].endswith("/recovery/document")
    assert person.client.get("/recovery/password").status_code == 303
    assert person.document(snils(112233401)).status_code == 303
    assert person.password().status_code == 303
    assert can_log_in(app, registered, DOCTOR_PHONE, NEW_PASSWORD)


def test_a_confirmed_account_may_give_its_passport_instead(person):
    person.up_to_password(DOCTOR_PHONE, DOCTOR_PHONE)
    doc = person.client.get(f"{API}/personas/1000000101").get_json()["documents"]
    passport = next(d for d in doc if d["type"] == "RF_PASSPORT")
    response = person.document(f"{passport['series']} {passport['number']}")
    assert response.headers["Location"].endswith("/recovery/password")


def test_a_wrong_document_is_refused_next_to_the_field_keeping_what_was_typed(person):
    person.up_to_password(DOCTOR_PHONE, DOCTOR_PHONE)
    response = person.document("000-000-000 00")
    assert response.status_code == 422
    assert Page(response).field_error("document")
    assert "000-000-000 00" in Page(response).form().fields.values()
    assert Page(response).title.startswith("Ошибка: ")


def test_recovery_by_email_sends_the_code_to_the_email(person):
    person.start(DOCTOR_EMAIL.upper())
    message = person.client.get(f"{API}/messages", query_string={"to": DOCTOR_EMAIL}).get_json()
    assert message[0]["channel"] == "email" and message[0]["code"]
    assert person.code(message[0]["code"]).status_code == 303


def test_an_unknown_login_looks_the_same_but_no_code_works(person):
    response = person.start("+79160000000")
    assert response.status_code == 303
    page = person.client.get("/recovery/code")
    assert "+79160000000" in Page(page).text
    assert person.client.get(f"{API}/messages?to=%2B79160000000").get_json() == []
    assert person.code("123456").status_code == 422


def test_a_snils_is_not_a_recovery_login(person):
    response = person.start(snils(112233401))
    assert response.status_code == 422
    assert "телефон или электронную почту" in Page(response).field_error("login")


def test_an_empty_login_is_refused(person):
    response = person.start("")
    assert response.status_code == 422
    assert "Введите телефон или электронную почту" in Page(response).field_error("login")


def test_a_wrong_code_tells_the_attempts_left_and_three_spend_it(person):
    person.start(STANDARD_PHONE)
    assert "Осталось попыток: 2" in Page(person.code("000000")).text
    assert "Осталось попыток: 1" in Page(person.code("000000")).text
    assert "3 раза" in Page(person.code("000000")).text
    right = latest_code(person.client, STANDARD_PHONE)
    assert "3 раза" in Page(person.code(right)).text


def test_an_expired_code_is_refused(person):
    person.start(STANDARD_PHONE)
    person.client.post(f"{API}/clock", json={"advance_seconds": 301})
    response = person.code(latest_code(person.client, STANDARD_PHONE))
    assert response.status_code == 422
    assert "истёк" in Page(response).field_error("code")


@pytest.mark.parametrize(
    "password, confirm, field, message",
    [
        ("short1!", None, "password", "не короче 8 символов"),
        ("nouppercase1!", None, "password", "строчные и заглавные"),
        (NEW_PASSWORD, "Something-else1", "confirm", "Пароли не совпадают"),
    ],
)
def test_a_new_password_must_meet_the_policy_and_match(person, password, confirm, field, message):
    person.up_to_password(STANDARD_PHONE, STANDARD_PHONE)
    response = person.password(password, confirm)
    assert response.status_code == 422
    assert message in Page(response).field_error(field)


def test_the_password_step_cannot_be_reached_without_the_code(person):
    person.start(STANDARD_PHONE)
    assert person.client.get("/recovery/password").headers["Location"].endswith("/recovery")
    assert person.client.get("/recovery/code").status_code == 200


def test_recovery_revokes_every_session_and_refresh_token(app, person, registered):
    body = tokens_for(app, registered, phone=STANDARD_PHONE)
    person.up_to_password(STANDARD_PHONE, STANDARD_PHONE)
    person.password()
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    assert person.client.get("/rs/prns/1000000104", headers=headers).status_code == 401
    refreshed = person.client.post(
        "/aas/oauth2/te",
        data=registered.v1_token_params(
            "", grant_type="refresh_token", refresh_token=body["refresh_token"]
        ),
    )
    assert refreshed.status_code == 400


def test_recovery_lifts_a_lockout(app, person, registered):
    for _ in range(5):
        can_log_in(app, registered, STANDARD_PHONE, "Wrong-Pass1")
    assert person.client.get(f"{API}/personas/1000000104").get_json()["locked_until"]
    person.up_to_password(STANDARD_PHONE, STANDARD_PHONE)
    person.password()
    assert person.client.get(f"{API}/personas/1000000104").get_json()["locked_until"] is None
    assert can_log_in(app, registered, STANDARD_PHONE, NEW_PASSWORD)


def test_a_finished_recovery_cannot_be_used_twice(person):
    person.up_to_password(STANDARD_PHONE, STANDARD_PHONE)
    person.password()
    assert person.client.get("/recovery/password").status_code == 303


def test_the_login_page_links_to_recovery_keeping_the_login_attempt(client, registered, demo):
    browser = GosuslugiUser(client)
    browser.start(registered.v1_params())
    page = client.get(browser.login_url)
    assert Page(page).testid("forgot-password") is not None
    rid = browser.login_url.split("rid=")[1]
    assert any(f"/recovery?rid={rid}" in href for href in Page(page).hrefs)
