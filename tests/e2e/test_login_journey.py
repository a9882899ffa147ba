"""A person logs in through the simulator's real pages in Chromium, with JavaScript off and on."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.constants import DEMO_PASSWORD, DOCTOR_PHONE
from tests.support.in_browser import enter_password, latest_sms_code, wait_for_callback

pytestmark = pytest.mark.browser

WRONG_CREDENTIALS = "Неверный логин или пароль"


def log_in_up_to_consent(person, relying_party, http) -> str:
    """Start at the site's authorization URL and pass password and SMS code; returns the state."""
    page = person.page
    url, state = relying_party.authorization_url()
    page.goto(url)
    expect(page.get_by_role("heading", name="Вход", exact=True)).to_be_visible()
    enter_password(page, DOCTOR_PHONE, DEMO_PASSWORD)
    page.get_by_test_id("code-input").wait_for()
    expect(page.get_by_role("heading", name="Введите код из СМС")).to_be_visible()
    code = latest_sms_code(http, relying_party.idp_url, DOCTOR_PHONE)
    page.get_by_test_id("code-input").fill(code)
    page.get_by_test_id("code-submit").click()
    page.get_by_test_id("consent-allow").wait_for()
    return state


def test_a_person_logs_in_and_the_site_gets_a_code_with_its_own_state(
    person, relying_party, demo, http
):
    state = log_in_up_to_consent(person, relying_party, http)
    page = person.page
    expect(page.get_by_role("heading", name="Предоставление прав доступа")).to_be_visible()
    requested = page.get_by_role("list").filter(has_text="СНИЛС")
    for item in ("Фамилия, имя и отчество", "Дата рождения", "СНИЛС", "Паспорт гражданина РФ"):
        expect(requested.get_by_role("listitem").filter(has_text=item)).to_have_count(1)
    expect(requested).not_to_contain_text("openid")
    expect(page.get_by_text("Вы входите как Иванова", exact=False)).to_be_visible()

    page.get_by_test_id("consent-allow").click()

    result = wait_for_callback(person, relying_party)
    assert result["state"] == state
    assert len(result.get("code", "")) > 30, result
    assert "error" not in result
    person.assert_quiet_console()


def test_a_wrong_password_is_explained_next_to_the_field_and_the_login_is_kept(
    person, relying_party, demo
):
    page = person.page
    url, _ = relying_party.authorization_url()
    page.goto(url)

    enter_password(page, DOCTOR_PHONE, "Wrong-password-1")

    expect(page).to_have_title(re.compile(r"^Ошибка: "))
    password = page.get_by_test_id("password-input")
    expect(password).to_have_accessible_description(WRONG_CREDENTIALS)
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field", has=password)).to_contain_text(WRONG_CREDENTIALS)
    summary = page.get_by_role("alert").filter(has=page.get_by_text("Исправьте ошибки"))
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name=WRONG_CREDENTIALS)).to_have_attribute(
        "href", "#password"
    )
    expect(page.get_by_test_id("login-input")).to_have_value(DOCTOR_PHONE)
    expect(password).to_have_value("")
    assert relying_party.hits == []
    person.assert_quiet_console()


def test_refusing_consent_sends_access_denied_back_to_the_site(person, relying_party, demo, http):
    state = log_in_up_to_consent(person, relying_party, http)
    page = person.page
    expect(page.get_by_role("heading", name="Предоставление прав доступа")).to_be_visible()

    page.get_by_test_id("consent-deny").click()

    result = wait_for_callback(person, relying_party)
    assert result["error"] == "access_denied", result
    assert "ESIA-007004" in result.get("error_description", ""), result
    assert result["state"] == state
    assert "code" not in result
    person.assert_quiet_console()
