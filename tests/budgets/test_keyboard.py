"""A doctor who cannot use a mouse logs in and files a form with Tab, Space and Enter only."""

import re

import pytest
from playwright.sync_api import Page, expect

from idp_mock.tester.seed import DEMO_PASSWORD
from tests.support.consents import revoke_every_consent
from tests.support.constants import DOCTOR_PHONE
from tests.support.site import Visitor

pytestmark = pytest.mark.browser

MOST_TABS = 60
# Each run logs in afresh, and the simulator sends at most 5 codes an hour to one person.
PHONES = {"js-off": "+79161234502", "js-on": DOCTOR_PHONE}


def tab_to(page: Page, testid: str) -> None:
    """Press Tab until the element with this data-testid has the focus."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement?.dataset?.testid") == testid:
            return
    raise AssertionError(f"{MOST_TABS} presses of Tab never reached [data-testid={testid}]")


def type_into(page: Page, testid: str, text: str) -> None:
    tab_to(page, testid)
    page.keyboard.type(text)


@pytest.fixture(params=[False, True], ids=["js-off", "js-on"])
def keyboard_page(request, chromium_for_audits, live_idp):
    revoke_every_consent(live_idp.app, PHONES[request.node.callspec.id])  # the page is shown
    context = chromium_for_audits.new_context(java_script_enabled=request.param, locale="ru-RU")
    context.set_default_timeout(10_000)
    yield context.new_page(), PHONES[request.node.callspec.id]
    context.close()


def test_a_doctor_logs_in_and_starts_an_application_with_the_keyboard_only(world, keyboard_page):
    page, phone = keyboard_page
    page.goto(f"{world.portal}/")
    tab_to(page, "login-gosuslugi")
    page.keyboard.press("Enter")
    page.get_by_test_id("login-input").wait_for()  # the login page, at the authorize address
    type_into(page, "login-input", phone)
    type_into(page, "password-input", DEMO_PASSWORD)
    tab_to(page, "login-submit")
    page.keyboard.press("Enter")
    page.get_by_test_id("code-input").wait_for()
    type_into(page, "code-input", Visitor("doctor", world.portal, world.idp).sms_code(phone))
    tab_to(page, "code-submit")
    page.keyboard.press("Enter")
    page.get_by_test_id("consent-allow").wait_for()
    tab_to(page, "consent-allow")
    page.keyboard.press("Enter")
    # The dashboard answers at the callback address (site.js then shows /cabinet/ with JS on).
    page.wait_for_url(re.compile(r"/cabinet/|/login/esia/callback\?"))
    expect(page.get_by_test_id("user-name")).to_be_visible()

    page.goto(f"{world.portal}/cabinet/applications/new")
    tab_to(page, "kind-primary")
    page.keyboard.press("ArrowDown")  # arrows move within a radio group; Tab leaves it
    expect(page.get_by_test_id("kind-primary_specialized")).to_be_checked()
    tab_to(page, "start-application")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/step/1$"))
    tab_to(page, "confirm-input")
    page.keyboard.press("Space")
    tab_to(page, "step-submit")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/step/2$"))
    expect(page.get_by_role("heading", name=re.compile("Шаг 2 из 5"))).to_be_visible()
