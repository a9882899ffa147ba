"""Logging in on the simulator with a password: which logins work, what a wrong one is told,
and what protects the login form."""

from common.validators import snils_checksum
from tests.support.constants import DEMO_PASSWORD, DOCTOR_PHONE
from tests.support.drivers import step_of
from tests.support.pages import Page

WRONG = "Неверный логин или пароль"


def test_login_by_phone_email_or_snils_reaches_the_code_step(browser, registered, demo):
    snils = "112-233-401 " + str(snils_checksum(112233401)).zfill(2)
    for login in ("+7 916 123-45-01", "IVANOVA.MS@example.ru", snils):
        browser.start(registered.v1_params())
        response = browser.password(login)
        assert step_of(response) == "/login/code", login  # the code page, in place


def test_wrong_password_and_unknown_login_get_the_same_message(browser, registered, demo):
    browser.start(registered.v1_params())
    wrong_password = browser.password(DOCTOR_PHONE, "Wrong-pass1")
    unknown_login = browser.password("+79990000000", "Wrong-pass1")
    for response in (wrong_password, unknown_login):
        assert response.status_code == 422
        page = Page(response)
        # The error summary and the message next to the field, nowhere else.
        assert page.error_summary == [WRONG]
        assert page.field_error("password") == WRONG
        assert page.text.count(WRONG) == 2
        assert page.title.startswith("Ошибка:")
    assert Page(unknown_login).form().fields["login"] == "+79990000000"


def test_empty_fields_are_named_in_russian_and_nothing_is_sent(browser, client, registered, demo):
    browser.start(registered.v1_params())
    response = browser.password("", "")
    assert response.status_code == 422
    page = Page(response)
    assert page.field_error("login") == "Введите телефон, почту или СНИЛС"
    assert page.field_error("password") == "Введите пароль"
    assert client.get("/_mock/api/messages").get_json() == []


def test_login_pages_cannot_be_continued_from_another_browser(app, browser, registered, demo):
    browser.start(registered.v1_params())
    stranger = app.test_client().get(browser.login_url)
    assert stranger.status_code == 400 and "Сеанс входа устарел" in Page(stranger).text


def test_login_form_without_csrf_token_is_refused(browser, client, registered, demo):
    browser.start(registered.v1_params())
    response = client.post(
        browser.login_url, data={"login": DOCTOR_PHONE, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 303
    assert "/login/code" not in response.headers["Location"]
    assert client.get("/_mock/api/messages").get_json() == []


def test_a_second_login_in_the_same_browser_skips_the_password(browser, client, registered, demo):
    browser.log_in(registered.v1_params(scope="openid fullname"))
    response = browser.start(registered.v1_params())
    assert step_of(response) == "/consent"  # consent (to more data) at the authorize address


def test_pages_carry_a_strict_content_security_policy(browser, client, registered, demo):
    page = browser.start(registered.v1_params())  # the login page, at the authorize address
    assert step_of(page) == "/login"
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "form-action 'self' http://rp.example.test" in policy
    assert page.headers["X-Frame-Options"] == "DENY"
    assert (
        "HttpOnly" in page.headers["Set-Cookie"] and "esia_session=" in page.headers["Set-Cookie"]
    )


def test_a_nul_byte_in_a_form_is_a_russian_400_not_a_database_error(
    browser, client, registered, demo
):
    browser.start(registered.v1_params())
    page = client.get(browser.login_url)
    response = client.post(
        browser.login_url,
        data={"csrf_token": Page(page).csrf_token, "login": "+7916\x001234501", "password": "x"},
    )
    assert response.status_code == 400 and "Запрос не удалось обработать" in Page(response).text
