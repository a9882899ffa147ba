"""A person logs in through a bank in Chromium, with JavaScript off and on."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.constants import DOCTOR_PHONE
from tests.support.in_browser import allow_and_return, latest_sms_code

pytestmark = pytest.mark.browser


def test_a_bank_customer_logs_in_with_the_banks_code(person, relying_party, demo, http):
    page = person.page
    url, state = relying_party.authorization_url()
    page.goto(url)
    page.get_by_test_id("login-by-bank").click()
    page.get_by_test_id("bank-uchebny").click()
    page.get_by_test_id("bank-login-input").fill(DOCTOR_PHONE)
    page.get_by_test_id("bank-login-submit").click()
    expect(page).to_have_title(re.compile(r"^Ошибка: "))
    expect(page.locator("#login-error")).to_contain_text("Учебный банк не нашёл клиента")

    page.get_by_test_id("bank-back").click()
    page.get_by_test_id("bank-simbank").click()
    expect(page).to_have_title(re.compile("СимБанк"))
    page.get_by_test_id("bank-login-input").fill(DOCTOR_PHONE)
    page.get_by_test_id("bank-login-submit").click()
    page.wait_for_url(re.compile(r"/bank/simbank/code"))
    code = latest_sms_code(http, relying_party.idp_url, DOCTOR_PHONE)
    page.get_by_test_id("bank-code-input").fill(code)
    page.get_by_test_id("bank-code-submit").click()
    allow_and_return(person, relying_party, state)
