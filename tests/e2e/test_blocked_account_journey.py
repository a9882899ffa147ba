"""A doctor blocked at Gosuslugi while working in the cabinet is sent to the login page and
told why, at their next click once the recheck interval has passed, with JavaScript off and on
(htmx is told to load the login page whole, not to swap it into the page)."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.support.constants import DOCTOR_PHONE
from tests.support.in_browser import log_in_to_cabinet

pytestmark = pytest.mark.browser


def test_a_doctor_blocked_at_gosuslugi_lands_on_the_login_page_told_why(
    person, live_portal, http, demo
):
    live_portal.app.config["ESIA_RECHECK_SECONDS"] = 1
    page = log_in_to_cabinet(person, live_portal, http, DOCTOR_PHONE)
    oid = demo[DOCTOR_PHONE]
    url = f"{live_portal.idp_url}/_mock/api/personas/{oid}"
    assert http.patch(url, json={"state": "blocked"}, timeout=5).status_code == 200
    time.sleep(1.2)

    page.get_by_test_id("notifications-link").click()

    expect(page).to_have_url(re.compile(re.escape(live_portal.url) + r"/\?next="))
    expect(page.get_by_role("status")).to_contain_text(
        "Вход завершён: учётная запись на Госуслугах заблокирована или вход отменён"
    )
    expect(page.get_by_test_id("login-gosuslugi")).to_be_visible()
    expect(page.get_by_test_id("user-name")).to_have_count(0)
    person.assert_quiet_console()
