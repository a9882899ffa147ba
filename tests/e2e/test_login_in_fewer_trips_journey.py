"""The login from the landing in fewer round trips, in Chromium with JavaScript off and on: the
button goes straight to Gosuslugi, and the dashboard answers at the callback address."""

import pytest
from playwright.sync_api import expect

from tests.support.constants import DOCTOR_NAME, DOCTOR_PHONE
from tests.support.in_browser import log_in_to_cabinet

pytestmark = pytest.mark.browser


def portal_navigations(person, live_portal) -> list[str]:
    mine = [url for url in person.navigations if url.startswith(live_portal.url + "/")]
    return sorted(url[len(live_portal.url) :].split("?")[0] for url in mine)


def test_the_dashboard_answers_at_the_callback_with_no_redirect_through_the_cabinet(
    person, live_portal, http, js_on
):
    page = log_in_to_cabinet(person, live_portal, http, DOCTOR_PHONE)
    expect(page.get_by_test_id("user-name")).to_have_text(DOCTOR_NAME)
    # The landing and the callback: no /login/esia before, no /cabinet/ after.
    assert portal_navigations(person, live_portal) == ["/", "/login/esia/callback"]
    if js_on:
        expect(page).to_have_url(live_portal.url + "/cabinet/")
    else:
        assert page.url.startswith(live_portal.url + "/login/esia/callback?")
    page.reload()
    expect(page).to_have_url(live_portal.url + "/cabinet/")
    expect(page.get_by_test_id("user-name")).to_have_text(DOCTOR_NAME)
    page.get_by_test_id("notifications-link").click()
    expect(page).to_have_url(live_portal.url + "/cabinet/notifications")
    person.assert_quiet_console()
