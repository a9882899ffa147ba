"""The SMS code after the password: six digits, hashed at rest, three tries, five minutes,
a new one after sixty seconds and at most five an hour."""

import re

from sqlalchemy import select

from idp_mock.models import Message, OtpChallenge, db
from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import latest_code, step_of
from tests.support.pages import Page

TOO_MANY_CODES = "слишком много кодов"


def test_sms_code_is_six_digits_sent_to_the_outbox_and_stored_only_hashed(
    app, browser, client, registered, demo
):
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    code = latest_code(client, DOCTOR_PHONE)
    assert re.fullmatch(r"\d{6}", code)
    with app.app_context():
        challenge = db.session.scalar(select(OtpChallenge))
        assert code not in challenge.code_hash and len(challenge.code_hash) == 64
        assert db.session.scalar(select(Message)).channel == "sms"


def test_three_wrong_codes_burn_the_code(browser, client, registered, demo):
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    code = latest_code(client, DOCTOR_PHONE)
    wrong = "000000" if code != "000000" else "111111"
    assert "Осталось попыток: 2" in Page(browser.enter_code(wrong)).field_error("code")
    assert "Осталось попыток: 1" in Page(browser.enter_code(wrong)).field_error("code")
    assert "3 раза" in Page(browser.enter_code(wrong)).field_error("code")
    burnt = browser.enter_code(code)
    assert burnt.status_code == 422 and "Получите новый код" in Page(burnt).field_error("code")


def test_code_expires_after_five_minutes(browser, client, registered, demo):
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    code = latest_code(client, DOCTOR_PHONE)
    client.post("/_mock/api/clock", json={"advance_seconds": 301})
    page = browser.enter_code(code)
    assert page.status_code == 422
    assert "Срок действия кода истёк" in Page(page).field_error("code")


def test_code_works_once_and_only_for_its_own_login_attempt(browser, client, registered, demo):
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    first_code_url, code = browser.code_url(), latest_code(client, DOCTOR_PHONE)
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    assert browser.code_url() != first_code_url
    other = latest_code(client, DOCTOR_PHONE)
    if other != code:
        assert browser.enter_code(code).status_code == 422
    assert step_of(browser.enter_code(other)) == "/consent"
    assert browser.enter_code(other).status_code == 422


def resend(browser):
    url = browser.code_url().replace("/login/code?", "/login/code/resend?")
    token = Page(browser.client.get(browser.code_url())).csrf_token
    return browser.client.post(url, data={"csrf_token": token})


def test_a_new_code_only_after_sixty_seconds_and_five_an_hour(browser, client, registered, demo):
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    early = resend(browser)
    assert early.status_code == 429
    assert "Новый код можно получить через" in Page(early).field_error("code")
    for _ in range(4):
        client.post("/_mock/api/clock", json={"advance_seconds": 61})
        assert resend(browser).status_code == 303
    client.post("/_mock/api/clock", json={"advance_seconds": 61})
    too_many = resend(browser)
    assert too_many.status_code == 429 and TOO_MANY_CODES in Page(too_many).field_error("code")
    assert len(client.get("/_mock/api/messages").get_json()) == 5


def test_a_resent_code_replaces_the_previous_one(browser, client, registered, demo):
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    old = latest_code(client, DOCTOR_PHONE)
    client.post("/_mock/api/clock", json={"advance_seconds": 61})
    resend(browser)
    new = latest_code(client, DOCTOR_PHONE)
    if old != new:
        assert browser.enter_code(old).status_code == 422
    assert step_of(browser.enter_code(new)) == "/consent"


def test_entering_the_password_again_keeps_the_live_code(browser, client, registered, demo):
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    code = latest_code(client, DOCTOR_PHONE)
    assert step_of(browser.password(DOCTOR_PHONE)) == "/login/code"
    assert len(client.get("/_mock/api/messages").get_json()) == 1
    assert step_of(browser.enter_code(code)) == "/consent"


def test_the_hourly_code_limit_is_explained_on_the_password_page(browser, client, registered, demo):
    for _ in range(5):
        browser.start(registered.v1_params())
        assert step_of(browser.password(DOCTOR_PHONE)) == "/login/code"
    browser.start(registered.v1_params())
    page = browser.password(DOCTOR_PHONE)
    assert page.status_code == 422
    assert any(TOO_MANY_CODES in error for error in Page(page).error_summary)
    client.post("/_mock/api/clock", json={"advance_seconds": 3601})
    browser.start(registered.v1_params())
    assert step_of(browser.password(DOCTOR_PHONE)) == "/login/code"
