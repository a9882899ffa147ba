"""A doctor locks their account, waits the 30 minutes out on the same page and presses «Войти»:
the simulator sends them back to the cabinet (ESIA-007004, as ESIA does), which says why, with
the code and a reference, and «Войти снова» logs them in. JavaScript off and on."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.constants import DOCTOR_NAME, DOCTOR_PHONE
from tests.support.in_browser import enter_password, latest_sms_code, start_cabinet_login

pytestmark = pytest.mark.browser

LOCKOUT_WAITED_OUT = 1820


def test_waiting_out_a_lockout_leads_back_to_the_cabinet_and_in(person, live_portal, http, demo):
    page = person.page
    start_cabinet_login(page, live_portal)
    for _ in range(5):
        enter_password(page, DOCTOR_PHONE, "Wrong-password-1")
    expect(page.get_by_test_id("refusal")).to_contain_text("временно заблокирована")
    clock = f"{live_portal.idp_url}/_mock/api/clock"
    assert http.post(clock, json={"advance_seconds": LOCKOUT_WAITED_OUT}, timeout=5).ok

    enter_password(page, DOCTOR_PHONE)

    page.wait_for_url(re.compile(re.escape(live_portal.url) + r"/login/esia/callback"))
    expect(page.get_by_role("heading", name="Вход не завершён")).to_be_visible()
    expect(page.get_by_test_id("error-code")).to_have_text("ESIA-007004")
    expect(page.get_by_test_id("error-reference")).to_have_text(re.compile(r"^[0-9A-F]{8}$"))
    page.get_by_test_id("login-retry").click()
    enter_password(page, DOCTOR_PHONE)
    page.get_by_test_id("code-input").wait_for()
    page.get_by_test_id("code-input").fill(latest_sms_code(http, live_portal.idp_url, DOCTOR_PHONE))
    page.get_by_test_id("code-submit").click()
    page.get_by_test_id("consent-allow").click()
    expect(page.get_by_test_id("user-name")).to_have_text(DOCTOR_NAME)
    person.assert_quiet_console()
