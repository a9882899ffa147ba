"""«Send the code again» on the SMS code page (view login/views/sms.py, service
login/sms.py, page login/sms_code.html)."""

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import query_of
from tests.support.pages import Page


def resend_url(browser) -> str:
    return browser.code_url().replace("/login/code?", "/login/code/resend?")


def resend(browser):
    page = browser.client.get(browser.code_url())
    return browser.client.post(resend_url(browser), data={"csrf_token": Page(page.text).csrf_token})


def test_a_too_early_resend_is_told_next_to_the_code_field(browser, registered, demo):
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    page = resend(browser)
    assert page.status_code == 429 and "<title>Ошибка:" in page.text
    assert 'id="code-error"' in page.text and "Новый код можно получить через" in page.text


def test_a_resend_after_the_pause_goes_back_to_the_code_page(browser, client, registered, demo):
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    client.post("/_mock/api/clock", json={"advance_seconds": 61})
    response = resend(browser)
    assert response.status_code == 303 and "/login/code?" in response.headers["Location"]
    assert len(client.get("/_mock/api/messages").get_json()) == 2


def test_a_resend_before_the_password_goes_back_to_the_login_page(browser, registered, demo):
    browser.start(registered.v1_params())
    rid = query_of(browser.login_url)["rid"]
    page = browser.client.get(browser.login_url)
    response = browser.client.post(
        resend_url(browser), data={"csrf_token": Page(page.text).csrf_token}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"/login?rid={rid}"
