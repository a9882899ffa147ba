"""A person enrols an authenticator app in the profile in Chromium, with JavaScript off and
on: reads the secret the QR code carries, confirms it with a code pyotp computes, then logs in
to a site with the app's code instead of an SMS."""

import time

import pyotp
import pytest
from playwright.sync_api import expect

from tests.support.constants import DOCTOR_NAME, DOCTOR_PHONE
from tests.support.in_browser import allow_and_return, enter_password, latest_sms_code

pytestmark = pytest.mark.browser


def log_in_to_the_profile(page, idp_url: str, http) -> None:
    page.goto(f"{idp_url}/profile")
    enter_password(page, DOCTOR_PHONE)
    page.get_by_test_id("code-input").wait_for()
    page.get_by_test_id("code-input").fill(latest_sms_code(http, idp_url, DOCTOR_PHONE))
    page.get_by_test_id("code-submit").click()
    expect(page.get_by_test_id("profile-name")).to_have_text(DOCTOR_NAME)


def enrol_the_app(page) -> pyotp.TOTP:
    """Безопасность → Приложение для кодов: the otpauth URI and the secret agree; the first
    code turns the app on."""
    page.get_by_test_id("nav-security").click()
    page.get_by_test_id("app-connect").click()
    expect(page.get_by_test_id("totp-qr")).to_be_visible()
    uri = page.get_by_test_id("totp-uri").get_attribute("href")
    app = pyotp.parse_uri(uri)
    assert app.secret == page.get_by_test_id("totp-secret").inner_text()
    assert uri.startswith("otpauth://totp/") and app.digits == 6 and app.interval == 30
    page.get_by_test_id("code-input").fill(app.now())
    page.get_by_test_id("app-confirm").click()
    expect(page.get_by_test_id("app-on")).to_be_visible()
    return app


def sign_out_everywhere(page) -> None:
    page.get_by_test_id("everywhere").click()
    page.get_by_test_id("everywhere-confirm").click()
    expect(page.get_by_role("heading", name="Вы вышли из Госуслуг")).to_be_visible()


def test_a_person_enrols_the_app_and_logs_in_with_its_code(person, relying_party, demo, http):
    page = person.page
    log_in_to_the_profile(page, relying_party.idp_url, http)
    app = enrol_the_app(page)
    sign_out_everywhere(page)

    url, state = relying_party.authorization_url()
    page.goto(url)
    enter_password(page, DOCTOR_PHONE)
    expect(page.get_by_role("heading", name="Введите код из приложения")).to_be_visible()
    # The code of the next 30 s: the one that confirmed the app is spent for good.
    page.get_by_test_id("code-input").fill(app.at(time.time() + 30))
    page.get_by_test_id("code-submit").click()
    allow_and_return(person, relying_party, state)
