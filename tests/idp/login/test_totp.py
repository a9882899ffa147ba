"""Login codes from an authenticator app (RFC 6238): asked for instead of an SMS, computed by
pyotp on the person's clock, each accepted once, wrong ones counted towards the lockout."""

import time

import pyotp

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import GosuslugiUser, latest_code, step_of
from tests.support.pages import Page


def turn_on(client, oid: int) -> pyotp.TOTP:
    reply = client.post(f"/_mock/api/personas/{oid}/totp")
    assert reply.status_code == 200
    body = reply.get_json()
    assert pyotp.parse_uri(body["uri"]).secret == body["secret"]
    return pyotp.TOTP(body["secret"])


def code_now(client, oid: int) -> str:
    return client.get(f"/_mock/api/personas/{oid}/totp/code").get_json()["code"]


def test_a_person_with_the_app_is_asked_for_its_code_and_gets_no_sms(
    browser, client, registered, demo
):
    turn_on(client, demo[DOCTOR_PHONE])
    browser.start(registered.v1_params())
    assert step_of(browser.password(DOCTOR_PHONE)) == "/login/code"
    page = Page(browser.client.get(browser.code_url()))
    assert "Введите код из приложения" in page.text
    assert client.get("/_mock/api/messages", query_string={"to": DOCTOR_PHONE}).get_json() == []
    assert step_of(browser.enter_code(code_now(client, demo[DOCTOR_PHONE]))) == "/consent"
    assert "code" in browser.consent().headers["Location"]


def test_the_code_pyotp_computes_on_the_group_clock_is_accepted(browser, client, registered, demo):
    app = turn_on(client, demo[DOCTOR_PHONE])
    client.post("/_mock/api/clock", json={"advance_seconds": 3600})
    tester_code = code_now(client, demo[DOCTOR_PHONE])
    assert tester_code == app.at(time.time() + 3600)
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    assert step_of(browser.enter_code(tester_code)) == "/consent"


def test_a_code_used_once_is_refused_again(app, browser, client, registered, demo):
    turn_on(client, demo[DOCTOR_PHONE])
    code = code_now(client, demo[DOCTOR_PHONE])
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    assert step_of(browser.enter_code(code)) == "/consent"
    other_browser = GosuslugiUser(app.test_client())
    other_browser.start(registered.v1_params())
    other_browser.password(DOCTOR_PHONE)
    replay = other_browser.enter_code(code)
    assert replay.status_code == 422
    assert "уже использован" in Page(replay).field_error("code")


def test_wrong_app_codes_lock_the_account_like_wrong_passwords(browser, client, registered, demo):
    turn_on(client, demo[DOCTOR_PHONE])
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    right = code_now(client, demo[DOCTOR_PHONE])
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(4):
        assert "Код не подходит" in Page(browser.enter_code(wrong)).field_error("code")
    locked = browser.enter_code(wrong)
    assert locked.status_code == 422 and "временно заблокирована" in Page(locked).text
    assert browser.enter_code(right).status_code == 422


def test_the_person_may_get_an_sms_instead(browser, client, registered, demo):
    turn_on(client, demo[DOCTOR_PHONE])
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    page = Page(browser.client.get(browser.code_url()))
    resend = browser.code_url().replace("/login/code?", "/login/code/resend?")
    assert browser.client.post(resend, data={"csrf_token": page.csrf_token}).status_code == 303
    assert "Введите код из СМС" in Page(browser.client.get(browser.code_url())).text
    assert step_of(browser.enter_code(latest_code(client, DOCTOR_PHONE))) == "/consent"


def test_turned_off_the_app_the_person_gets_an_sms_again(browser, client, registered, demo):
    turn_on(client, demo[DOCTOR_PHONE])
    assert client.delete(f"/_mock/api/personas/{demo[DOCTOR_PHONE]}/totp").status_code == 204
    assert client.get(f"/_mock/api/personas/{demo[DOCTOR_PHONE]}/totp/code").status_code == 422
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    assert step_of(browser.enter_code(latest_code(client, DOCTOR_PHONE))) == "/consent"


def test_a_group_persons_codes_run_on_the_groups_clock(app, client, registered, demo):
    group = client.post("/_mock/api/groups", json={"name": "Утро", "copies": 1}).get_json()
    doctor = group["personas"][0]
    app_codes = turn_on(client, doctor["oid"])
    moved = client.post(f"/_mock/api/groups/{group['id']}/clock", json={"advance_seconds": 600})
    assert moved.status_code == 200
    assert app_codes.verify(code_now(client, doctor["oid"]), for_time=time.time() + 600)
    browser = GosuslugiUser(app.test_client())
    browser.start(registered.v1_params())
    assert step_of(browser.password(doctor["phone"], doctor["password"])) == "/login/code"
    stands_code = app_codes.now()  # the stand's clock: ten minutes behind the group's
    assert browser.enter_code(stands_code).status_code == 422
    assert step_of(browser.enter_code(app_codes.at(time.time() + 600))) == "/consent"


def test_the_trainers_timeline_says_the_code_came_from_the_app(browser, client, registered, demo):
    turn_on(client, demo[DOCTOR_PHONE])
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    browser.enter_code(code_now(client, demo[DOCTOR_PHONE]))
    rid = browser.login_url.split("rid=")[1]
    steps = client.get(f"/_mock/api/flows/{rid}/timeline").get_json()
    assert steps[-1]["text"].startswith("Код из приложения верный")
