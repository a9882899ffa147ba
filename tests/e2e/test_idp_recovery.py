"""A person recovers a forgotten password in Chromium, with JavaScript off and on."""

import re

import pytest
from playwright.sync_api import expect

from idp_mock.tester.seed import snils
from tests.support.constants import DOCTOR_PHONE
from tests.support.in_browser import (
    allow_and_return,
    enter_password,
    latest_sms_code,
)

pytestmark = pytest.mark.browser
NEW_PASSWORD = "Novyj-Parol-2026"


def recover_the_password(page, relying_party, http) -> None:
    """From the login form's «Восстановить пароль» to «Пароль изменён», one typo on the way."""
    page.get_by_test_id("forgot-password").click()
    expect(page.get_by_role("heading", name="Восстановление пароля")).to_be_visible()
    page.get_by_test_id("recovery-login-input").fill("8 916 123-45-01")
    page.get_by_test_id("recovery-submit").click()
    page.wait_for_url(re.compile(r"/recovery/code"))
    page.get_by_test_id("code-input").fill(
        latest_sms_code(http, relying_party.idp_url, DOCTOR_PHONE)
    )
    page.get_by_test_id("code-submit").click()

    page.wait_for_url(re.compile(r"/recovery/document"))
    page.get_by_test_id("document-input").fill("111-111-111 11")
    page.get_by_test_id("document-submit").click()
    expect(page).to_have_title(re.compile(r"^Ошибка: "))
    expect(page.get_by_test_id("document-input")).to_have_value("111-111-111 11")
    page.get_by_test_id("document-input").fill(snils(112233401))
    page.get_by_test_id("document-submit").click()

    page.wait_for_url(re.compile(r"/recovery/password"))
    page.get_by_test_id("password-input").fill(NEW_PASSWORD)
    page.get_by_test_id("confirm-input").fill(NEW_PASSWORD)
    page.get_by_test_id("password-submit").click()
    expect(page.get_by_role("heading", name="Пароль изменён")).to_be_visible()


def test_a_confirmed_person_recovers_the_password_and_logs_in_with_it(
    person, relying_party, demo, http
):
    page = person.page
    url, state = relying_party.authorization_url()
    page.goto(url)
    recover_the_password(page, relying_party, http)
    page.get_by_test_id("back-to-login").click()
    enter_password(page, DOCTOR_PHONE, NEW_PASSWORD)
    page.get_by_test_id("code-input").wait_for()
    page.get_by_test_id("code-input").fill(
        latest_sms_code(http, relying_party.idp_url, DOCTOR_PHONE)
    )
    page.get_by_test_id("code-submit").click()
    allow_and_return(person, relying_party, state)
