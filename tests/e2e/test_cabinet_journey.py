"""A person uses the real cabinet in Chromium, logging in through the live simulator's pages.

Each journey runs with JavaScript off and on (htmx boosts the cabinet's links and forms).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.support.constants import DOCTOR_PHONE, REVIEWER_PHONE
from tests.support.in_browser import (
    enter_password,
    expect_landed,
    latest_sms_code,
    log_in_to_cabinet,
    start_cabinet_login,
)

pytestmark = pytest.mark.browser

EXPIRING_PHONE, STANDARD_PHONE = "+79161234502", "+79161234504"
CHECKS = ("account", "snils", "certificate", "licence", "contacts")


def on_cabinet(live_portal, path: str):
    """Matches the cabinet's URL for `path`, with or without a query."""
    return re.compile("^" + re.escape(live_portal.url + path) + r"(\?.*)?$")


def test_a_confirmed_doctor_logs_in_through_gosuslugi_and_sees_the_dashboard(
    person, live_portal, http
):
    page = log_in_to_cabinet(person, live_portal, http, DOCTOR_PHONE)

    expect_landed(page, live_portal.url + "/cabinet/")
    expect(page.get_by_test_id("user-name")).to_have_text("Иванова Мария Сергеевна")
    expect(page.get_by_role("heading", name="Здравствуйте, Мария Сергеевна")).to_be_visible()
    checks = page.get_by_role("region", name="Проверка при входе")
    for name in CHECKS:
        item = checks.get_by_test_id(f"check-{name}")
        expect(item).to_be_visible()
        expect(item).to_contain_text("✓")
    expect(page.get_by_role("region", name="Требует внимания")).to_have_count(0)
    expect(page.get_by_test_id("unread-count")).to_have_count(0)
    expect(page.get_by_test_id("logout")).to_be_visible()
    person.assert_quiet_console()


def test_an_unconfirmed_account_is_told_how_to_confirm_it(person, live_portal, http):
    page = log_in_to_cabinet(person, live_portal, http, STANDARD_PHONE)

    expect_landed(page, live_portal.url + "/checks")
    explanation = page.get_by_test_id("unconfirmed-account")
    expect(explanation).to_be_visible()
    expect(
        explanation.get_by_role("heading", name="Нужна подтверждённая учётная запись Госуслуг")
    ).to_be_visible()
    expect(explanation).to_contain_text("МФЦ")
    expect(explanation.get_by_role("button", name="Выйти")).to_be_visible()
    expect(page.get_by_test_id("notifications-link")).to_have_count(0)
    page.goto(live_portal.url + "/cabinet/")
    expect(page).to_have_url(live_portal.url + "/checks")
    expect(page.get_by_test_id("unconfirmed-account")).to_be_visible()
    person.assert_quiet_console()


def test_a_reviewer_lands_on_the_review_console(person, live_portal, http):
    page = log_in_to_cabinet(person, live_portal, http, REVIEWER_PHONE)

    expect_landed(page, live_portal.url + "/review/")
    expect(page.get_by_role("heading", name="Рабочее место эксперта")).to_be_visible()
    expect(page.get_by_test_id("reviewer-area")).to_contain_text("Волкова")
    expect(page.get_by_test_id("notifications-link")).to_have_count(0)
    person.assert_quiet_console()


def test_logout_ends_the_cabinet_session_and_the_gosuslugi_session(person, live_portal, http):
    page = log_in_to_cabinet(person, live_portal, http, DOCTOR_PHONE)
    expect(page.get_by_test_id("user-name")).to_be_visible()

    with page.expect_request(
        lambda request: request.url.startswith(f"{live_portal.idp_url}/idp/ext/Logout?"),
        timeout=5_000,
    ):
        page.get_by_test_id("logout").click()
    page.wait_for_url(live_portal.url + "/")
    expect(page.get_by_test_id("login-gosuslugi")).to_be_visible()
    expect(page.get_by_test_id("user-name")).to_have_count(0)

    page.goto(live_portal.url + "/cabinet/")
    expect(page).to_have_url(on_cabinet(live_portal, "/"))
    expect(page.get_by_test_id("login-gosuslugi")).to_be_visible()
    expect(page.get_by_test_id("user-name")).to_have_count(0)

    start_cabinet_login(page, live_portal)  # the password form again, not straight to consent
    expect(page.get_by_test_id("password-input")).to_be_visible()
    person.assert_quiet_console()


def test_a_doctor_whose_certificate_expires_soon_is_warned_and_notified(person, live_portal, http):
    page = log_in_to_cabinet(person, live_portal, http, EXPIRING_PHONE)

    expect_landed(page, live_portal.url + "/cabinet/")
    alerts = page.get_by_role("region", name="Требует внимания")
    warning = alerts.get_by_test_id("check-certificate")
    expect(warning).to_contain_text("осталось 20 дн.")
    expect(warning).to_contain_text("Подайте заявление на периодическую аккредитацию")
    expect(page.get_by_test_id("unread-count")).to_have_text("1")

    page.get_by_test_id("notifications-link").click()

    expect(page).to_have_url(live_portal.url + "/cabinet/notifications")
    expect(page.get_by_role("heading", name="Уведомления", exact=True)).to_be_visible()
    notification = page.get_by_test_id("notification")
    expect(notification).to_have_count(1)
    expect(notification).to_contain_text("осталось 20 дн.")
    expect(notification).to_contain_text("Подайте заявление на периодическую аккредитацию")

    page.get_by_test_id("mark-read").click()

    expect(page.get_by_test_id("unread-count")).to_have_count(0)
    expect(page.get_by_test_id("notification")).to_have_count(1)
    person.assert_quiet_console()


def test_a_returning_doctor_goes_from_the_code_straight_back_without_consent(
    person, live_portal, http
):
    page = log_in_to_cabinet(person, live_portal, http, DOCTOR_PHONE)
    page.get_by_test_id("logout").click()
    page.wait_for_url(live_portal.url + "/")
    person.navigations.clear()

    start_cabinet_login(page, live_portal)
    enter_password(page, DOCTOR_PHONE)
    page.get_by_test_id("code-input").fill(latest_sms_code(http, live_portal.idp_url, DOCTOR_PHONE))
    page.get_by_test_id("code-submit").click()
    expect(page.get_by_test_id("user-name")).to_have_text("Иванова Мария Сергеевна")
    expect_landed(page, live_portal.url + "/cabinet/")
    assert not [url for url in person.navigations if "/consent?" in url], person.navigations
    person.assert_quiet_console()
