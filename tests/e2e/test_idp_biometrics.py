"""A person confirms the login with biometrics in Chromium, with JavaScript off and on."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.constants import DEMO_PASSWORD, DOCTOR_PHONE
from tests.support.in_browser import allow_and_return, enter_password

pytestmark = pytest.mark.browser


def test_a_failed_look_is_explained_and_a_match_logs_in(person, relying_party, demo):
    page = person.page
    url, state = relying_party.authorization_url()
    page.goto(url)
    enter_password(page, DOCTOR_PHONE, DEMO_PASSWORD)
    page.get_by_test_id("code-input").wait_for()
    page.get_by_test_id("use-biometrics").click()
    expect(page.get_by_role("heading", name="Подтвердите вход биометрией")).to_be_visible()

    page.get_by_text("Для тестировщика: выбрать результат").click()
    page.get_by_test_id("outcome-liveness_failed").check()
    page.get_by_test_id("biometrics-submit").click()
    expect(page).to_have_title(re.compile(r"^Ошибка: "))
    expect(page.locator("#outcome-error")).to_contain_text("живой человек")

    page.get_by_test_id("biometrics-submit").click()
    expect(page.locator("#outcome-error")).to_contain_text("живой человек")
    page.get_by_text("Для тестировщика: выбрать результат").click()
    page.get_by_test_id("outcome-scripted").check()
    page.get_by_test_id("biometrics-submit").click()
    allow_and_return(person, relying_party, state)
