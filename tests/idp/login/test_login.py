"""Logging in on the simulator: password, lockout, the SMS code, consent."""

import re
from datetime import timedelta

from sqlalchemy import select

from idp_mock import clock
from idp_mock.models import Message, OtpChallenge, Persona, db
from tests.support.constants import DEMO_PASSWORD, DOCTOR_PHONE
from tests.support.drivers import latest_code, query_of
from tests.support.pages import Page

WRONG = "Неверный логин или пароль"


def test_login_by_phone_email_or_snils_reaches_the_code_step(browser, registered, demo):
    for login in ("+7 916 123-45-01", "IVANOVA.MS@example.ru", "112-233-401 ..."):
        browser.start(registered.v1_params())
        if login.endswith("..."):
            login = "112-233-401 " + str(_snils_control(112233401)).zfill(2)
        response = browser.password(login)
        assert response.status_code == 303, login
        assert "/login/code?" in response.headers["Location"]


def _snils_control(number: int) -> int:
    from common.validators import snils_checksum

    return snils_checksum(number)


def test_wrong_password_and_unknown_login_get_the_same_message(browser, registered, demo):
    browser.start(registered.v1_params())
    wrong_password = browser.password(DOCTOR_PHONE, "Wrong-pass1")
    unknown_login = browser.password("+79990000000", "Wrong-pass1")
    for page in (wrong_password, unknown_login):
        assert page.status_code == 422
        assert WRONG in page.text
        assert page.text.count(WRONG) == 2  # error summary and the message next to the field
        assert "<title>Ошибка:" in page.text
    assert 'value="+79990000000"' in unknown_login.text


def test_empty_fields_are_named_in_russian_and_nothing_is_sent(browser, client, registered, demo):
    browser.start(registered.v1_params())
    page = browser.password("", "")
    assert page.status_code == 422
    assert "Введите телефон, почту или СНИЛС" in page.text and "Введите пароль" in page.text
    assert client.get("/_mock/api/messages").get_json() == []


def lock(browser, phone=DOCTOR_PHONE):
    for _ in range(5):
        page = browser.password(phone, "Wrong-pass1")
    return page


def test_five_wrong_passwords_lock_the_account_for_thirty_minutes(
    app, browser, client, registered, demo
):
    browser.start(registered.v1_params())
    page = lock(browser)
    assert "временно заблокирована" in page.text and "время московское" in page.text
    right = browser.password(DOCTOR_PHONE)
    assert right.status_code == 422 and "временно заблокирована" in right.text
    owner_sms = client.get("/_mock/api/messages", query_string={"to": DOCTOR_PHONE}).get_json()
    assert "заблокирован" in owner_sms[0]["body"]
    with app.app_context():
        persona = db.session.get(Persona, demo[DOCTOR_PHONE])
        locked_for = persona.locked_until - clock.now()
    assert timedelta(minutes=29, seconds=50) < locked_for <= timedelta(minutes=30)


def test_lockout_ends_by_itself_after_thirty_minutes_of_the_simulator_clock(
    browser, client, registered, demo
):
    browser.start(registered.v1_params())
    lock(browser)
    client.post("/_mock/api/clock", json={"advance_seconds": 29 * 60})
    assert "временно заблокирована" in browser.password(DOCTOR_PHONE).text
    client.post("/_mock/api/clock", json={"advance_seconds": 61})
    browser.start(registered.v1_params())
    assert browser.password(DOCTOR_PHONE).status_code == 303


def test_a_success_resets_the_count_of_wrong_passwords(browser, registered, demo):
    browser.start(registered.v1_params())
    for _ in range(4):
        browser.password(DOCTOR_PHONE, "Wrong-pass1")
    assert browser.password(DOCTOR_PHONE).status_code == 303
    browser.start(registered.v1_params())
    for _ in range(4):
        page = browser.password(DOCTOR_PHONE, "Wrong-pass1")
    assert "заблокирована" not in page.text


def test_one_source_cannot_lock_out_every_account(app, browser, registered, demo):
    app.config["SOURCE_FAILURES_PER_WINDOW"] = 12
    browser.start(registered.v1_params())
    lock(browser, "+79161234502")
    lock(browser, "+79161234503")
    page = browser.password("+79161234504", "Wrong-pass1")
    page = browser.password("+79161234504", "Wrong-pass1")
    page = browser.password("+79161234504", "Wrong-pass1")
    assert "С вашего устройства было слишком много неудачных попыток" in page.text
    with app.app_context():
        assert db.session.get(Persona, demo["+79161234504"]).locked_until is None


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
    assert "Осталось попыток: 2" in browser.enter_code(wrong).text
    assert "Осталось попыток: 1" in browser.enter_code(wrong).text
    assert "3 раза" in browser.enter_code(wrong).text
    burnt = browser.enter_code(code)
    assert burnt.status_code == 422 and "Получите новый код" in burnt.text


def test_code_expires_after_five_minutes(browser, client, registered, demo):
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    code = latest_code(client, DOCTOR_PHONE)
    client.post("/_mock/api/clock", json={"advance_seconds": 301})
    page = browser.enter_code(code)
    assert page.status_code == 422 and "Срок действия кода истёк" in page.text


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
    assert browser.enter_code(other).status_code == 303
    assert browser.enter_code(other).status_code == 422


def resend(browser):
    page = browser.client.get(browser.code_url())
    url = browser.code_url().replace("/login/code?", "/login/code/resend?")
    return browser.client.post(url, data={"csrf_token": Page(page).csrf_token})


def test_a_new_code_only_after_sixty_seconds_and_five_an_hour(browser, client, registered, demo):
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    early = resend(browser)
    assert early.status_code == 429 and "Новый код можно получить через" in early.text
    for _ in range(4):
        client.post("/_mock/api/clock", json={"advance_seconds": 61})
        assert resend(browser).status_code == 303
    client.post("/_mock/api/clock", json={"advance_seconds": 61})
    too_many = resend(browser)
    assert too_many.status_code == 429 and "слишком много кодов" in too_many.text
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
    assert browser.enter_code(new).status_code == 303


def test_consent_lists_the_requested_data_in_russian(browser, client, registered, demo):
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    browser.enter_code(latest_code(client, DOCTOR_PHONE))
    page = client.get(browser.login_url.replace("/login?", "/consent?"))
    for words in ("Фамилия, имя и отчество", "СНИЛС", "Дата рождения", "Паспорт"):
        assert words in page.text
    assert "openid" not in page.text
    assert 'data-testid="consent-allow"' in page.text and 'data-testid="consent-deny"' in page.text


def test_refusing_consent_sends_access_denied_back_to_the_client(browser, client, registered, demo):
    params = registered.v1_params()
    browser.start(params)
    browser.password(DOCTOR_PHONE)
    browser.enter_code(latest_code(client, DOCTOR_PHONE))
    result = query_of(browser.consent("deny").headers["Location"])
    assert result["error"] == "access_denied"
    assert result["error_description"].startswith("ESIA-007004: ")
    assert result["state"] == params["state"]


def test_login_pages_cannot_be_continued_from_another_browser(app, browser, registered, demo):
    browser.start(registered.v1_params())
    stranger = app.test_client().get(browser.login_url)
    assert stranger.status_code == 400 and "Сеанс входа устарел" in stranger.text


def test_the_consent_page_needs_a_finished_login(browser, client, registered, demo):
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    page = client.get(browser.login_url.replace("/login?", "/consent?"))
    assert page.status_code == 303 and "/login?" in page.headers["Location"]


def test_login_form_without_csrf_token_is_refused(browser, client, registered, demo):
    browser.start(registered.v1_params())
    response = client.post(
        browser.login_url, data={"login": DOCTOR_PHONE, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 303
    assert "/login/code" not in response.headers["Location"]
    assert client.get("/_mock/api/messages").get_json() == []


def test_a_second_login_in_the_same_browser_skips_the_password(browser, client, registered, demo):
    browser.log_in(registered.v1_params())
    response = browser.start(registered.v1_params())
    follow = client.get(response.headers["Location"])
    assert follow.status_code == 303 and "/consent?" in follow.headers["Location"]


def test_pages_carry_a_strict_content_security_policy(browser, client, registered, demo):
    browser.start(registered.v1_params())
    page = client.get(browser.login_url)
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "form-action 'self' http://rp.example.test" in policy
    assert page.headers["X-Frame-Options"] == "DENY"
    assert (
        "HttpOnly" in page.headers["Set-Cookie"] and "esia_session=" in page.headers["Set-Cookie"]
    )


def test_entering_the_password_again_keeps_the_live_code(browser, client, registered, demo):
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    code = latest_code(client, DOCTOR_PHONE)
    assert browser.password(DOCTOR_PHONE).status_code == 303
    assert len(client.get("/_mock/api/messages").get_json()) == 1
    assert browser.enter_code(code).status_code == 303


def test_the_hourly_code_limit_is_explained_on_the_password_page(browser, client, registered, demo):
    for _ in range(5):
        browser.start(registered.v1_params())
        assert browser.password(DOCTOR_PHONE).status_code == 303
    browser.start(registered.v1_params())
    page = browser.password(DOCTOR_PHONE)
    assert page.status_code == 422 and "слишком много кодов" in page.text
    client.post("/_mock/api/clock", json={"advance_seconds": 3601})
    browser.start(registered.v1_params())
    assert browser.password(DOCTOR_PHONE).status_code == 303


def test_a_nul_byte_in_a_form_is_a_russian_400_not_a_database_error(
    browser, client, registered, demo
):
    browser.start(registered.v1_params())
    page = client.get(browser.login_url)
    response = client.post(
        browser.login_url,
        data={"csrf_token": Page(page).csrf_token, "login": "+7916\x001234501", "password": "x"},
    )
    assert response.status_code == 400 and "Запрос не удалось обработать" in response.text
