"""A person with a simplified account fixes their SNILS in the profile in Chromium, with
JavaScript off and on (seed 1.1.2: «Профиль → Персональные данные → Редактировать»): a typo is
caught at once with everything typed kept, then СФР and МВД check the data and the account
becomes standard."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.constants import DEMO_PASSWORD
from tests.support.in_browser import enter_password, latest_sms_code

pytestmark = pytest.mark.browser
SIMPLIFIED_PHONE = "+79161234505"


def log_in_to_personal_data(page, idp_url: str, http) -> None:
    page.goto(f"{idp_url}/profile/personal")
    enter_password(page, SIMPLIFIED_PHONE, DEMO_PASSWORD)
    page.get_by_test_id("code-input").wait_for()
    page.get_by_test_id("code-input").fill(latest_sms_code(http, idp_url, SIMPLIFIED_PHONE))
    page.get_by_test_id("code-submit").click()
    expect(page.get_by_role("heading", name="Персональные данные")).to_be_visible()


def fill_passport(page) -> None:
    page.get_by_test_id("passport-series-input").fill("45 11")
    page.get_by_test_id("passport-number-input").fill("654321")
    page.get_by_test_id("passport-issued-input").fill("2011-05-20")
    page.get_by_test_id("passport-issuer-input").fill("ОУФМС России по г. Москве")


def test_a_person_fixes_the_snils_and_becomes_standard(person, live_idp, demo, http):
    page = person.page
    log_in_to_personal_data(page, live_idp.url, http)
    page.get_by_test_id("personal-edit").click()
    page.get_by_test_id("snils-input").fill("112-233-445 96")
    fill_passport(page)
    page.get_by_test_id("personal-save").click()
    expect(page).to_have_title(re.compile(r"^Ошибка: "))
    expect(page.locator("#snils-error")).to_contain_text("контрольного числа")
    expect(page.get_by_test_id("passport-number-input")).to_have_value("654321")

    page.get_by_test_id("snils-input").fill("112-233-445 95")
    page.get_by_test_id("personal-save").click()
    expect(page.get_by_test_id("check-pending")).to_be_visible()
    http.post(f"{live_idp.url}/_mock/api/clock", json={"advance_seconds": 6}, timeout=10)
    page.reload()
    expect(page.get_by_test_id("check-ok")).to_be_visible()
    expect(page.get_by_test_id("personal-snils")).to_have_text("112-233-445 95")
    page.get_by_test_id("nav-profile").click()
    expect(page.get_by_test_id("profile-level")).to_have_text("стандартная")
    person.assert_quiet_console()
