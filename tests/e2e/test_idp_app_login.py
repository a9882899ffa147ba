"""A person logs in by the Gosuslugi app in Chromium: the app on the phone signs in as its person,
the desktop shows a QR code and follows the phone's decision by polling (htmx with JavaScript,
a meta refresh without)."""

import pytest
from playwright.sync_api import expect

from tests.support.constants import DEMO_PASSWORD, DOCTOR_PHONE
from tests.support.in_browser import allow_and_return, latest_sms_code

pytestmark = pytest.mark.browser


def sign_in_to_the_app(phone, http, idp_url: str) -> None:
    """The app asks who it belongs to as the real one does: password, then the SMS code."""
    expect(phone.get_by_role("heading", name="Вход в приложение Госуслуги")).to_be_visible()
    phone.get_by_test_id("app-login-input").fill(DOCTOR_PHONE)
    phone.get_by_test_id("app-password-input").fill(DEMO_PASSWORD)
    phone.get_by_test_id("app-login-submit").click()
    expect(phone.get_by_role("heading", name="Введите код из СМС")).to_be_visible()
    phone.get_by_test_id("app-code-input").fill(latest_sms_code(http, idp_url, DOCTOR_PHONE))
    phone.get_by_test_id("app-code-submit").click()


def open_app_request(person, relying_party, http):
    """The desktop's QR page and, on a second tab standing in for the phone, the app's page
    once the app is signed in."""
    page = person.page
    url, state = relying_party.authorization_url()
    page.goto(url)
    page.get_by_test_id("login-by-app").click()
    expect(page.get_by_role("heading", name="Вход по QR-коду")).to_be_visible()
    expect(page.get_by_test_id("app-qr")).to_be_visible()
    number = page.get_by_test_id("app-number").inner_text()
    phone = page.context.new_page()
    phone.goto(page.get_by_test_id("app-link").get_attribute("href"))
    sign_in_to_the_app(phone, http, relying_party.idp_url)
    expect(phone.get_by_role("heading", name="Подтверждение входа")).to_be_visible()
    expect(phone.get_by_test_id("app-owner").first).to_contain_text("Иванова Мария Сергеевна")
    return phone, number, state


def test_approving_in_the_app_carries_the_desktop_on_to_the_site(person, relying_party, http, demo):
    phone, number, state = open_app_request(person, relying_party, http)
    phone.get_by_test_id(f"number-{number}").check()
    phone.get_by_test_id("app-approve").click()
    expect(phone.get_by_test_id("app-result")).to_contain_text("Вход подтверждён")

    allow_and_return(person, relying_party, state)


def test_refusing_in_the_app_is_shown_on_the_desktop(person, relying_party, http, demo):
    phone, _, _ = open_app_request(person, relying_party, http)
    phone.get_by_test_id("app-deny").click()
    expect(phone.get_by_test_id("app-result")).to_contain_text("Вход отклонён")

    outcome = person.page.get_by_test_id("app-outcome")
    expect(outcome).to_contain_text("Вход отклонён в приложении")
    expect(person.page.get_by_test_id("app-restart")).to_be_visible()
    assert relying_party.hits == []
    person.assert_quiet_console()
