"""Every page passes axe-core with no serious or critical violation and fits a 320 px screen.

axe-core (npm, pinned in package.json) is injected into each page in Chromium with JavaScript on.
Our pages forbid scripts that are not their own (CSP `script-src 'self'`), so the audit's
browser context bypasses CSP; the journeys in tests/e2e keep it on and check its console.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from idp_mock.tester.seed import DEMO_PASSWORD
from tests.support.consents import revoke_every_consent
from tests.support.constants import DOCTOR_PHONE
from tests.support.page_kinds import kinds
from tests.support.site import Visitor

pytestmark = pytest.mark.browser

NARROW = 320
WIDE = 1280
TIMEOUT_MS = 10_000
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ` +
                v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
}"""
# Pages seen only in the middle of a login: audited along a real login in the browser.
JOURNEY_KINDS = ("idp-login", "idp-authorize", "idp-code", "idp-consent")


def browser_context(chromium: Browser, width: int, cookies: list[dict]) -> BrowserContext:
    context = chromium.new_context(
        bypass_csp=True, locale="ru-RU", viewport={"width": width, "height": 800}
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.add_cookies(cookies)
    return context


def axe_violations(page: Page, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)
    return page.evaluate(AXE_RUN)


def overflow(page: Page) -> list[str]:
    width = page.evaluate("document.documentElement.scrollWidth")
    return [f"scrolls sideways: {width} px wide at {NARROW} px"] if width > NARROW else []


def audited_pages(world, kind: str):
    """The crawled pages of `kind`, one per URL; journey pages are gone once the login ends."""
    unique = {p.url: p for p in world.pages_of(kind) if p in world.pages}
    return list(unique.values())


def problems_on(world, chromium, kind: str, width: int, check) -> list[str]:
    problems = []
    for crawled in audited_pages(world, kind):
        context = browser_context(chromium, width, world.cookies(crawled.role))
        try:
            page = context.new_page()
            page.goto(crawled.url)
            problems += [f"{crawled.role} {crawled.url}: {p}" for p in check(page)]
        finally:
            context.close()
    return problems


CRAWLED_KINDS = [k for k in kinds("axe") if k.values[0] not in JOURNEY_KINDS[1:]]
NARROW_KINDS = [k for k in kinds("narrow") if k.values[0] not in JOURNEY_KINDS[1:]]


@pytest.mark.parametrize("kind", CRAWLED_KINDS)
def test_every_page_passes_axe(world, chromium_for_audits, axe_source, kind):
    problems = problems_on(
        world, chromium_for_audits, kind, WIDE, lambda page: axe_violations(page, axe_source)
    )
    assert problems == []


@pytest.mark.parametrize("kind", NARROW_KINDS)
def test_every_page_fits_a_320_px_screen(world, chromium_for_audits, kind):
    assert problems_on(world, chromium_for_audits, kind, NARROW, overflow) == []


@dataclass
class Step:
    url: str
    violations: list[str]
    overflow: list[str]


@pytest.fixture(scope="package")
def login_journey(world, chromium_for_audits, axe_source, live_idp) -> Iterator[dict[str, Step]]:
    """A doctor's login in Chromium on a 320 px screen, audited at each page it passes."""
    revoke_every_consent(live_idp.app, DOCTOR_PHONE)  # the doctor consented while preparing
    context = browser_context(chromium_for_audits, NARROW, [])
    page = context.new_page()
    steps: dict[str, Step] = {}

    def audit(kind: str) -> None:
        steps[kind] = Step(page.url, axe_violations(page, axe_source), overflow(page))

    try:
        page.goto(f"{world.portal}/")
        page.get_by_test_id("login-gosuslugi").click()
        page.get_by_test_id("login-input").wait_for()
        audit("idp-authorize")  # the login page answered at the authorize address
        page.goto(page.locator("form").first.evaluate("form => form.action"))
        audit("idp-login")  # the same form at its own address
        page.get_by_test_id("login-input").fill(DOCTOR_PHONE)
        page.get_by_test_id("password-input").fill(DEMO_PASSWORD)
        page.get_by_test_id("login-submit").click()
        page.get_by_test_id("code-input").wait_for()
        audit("idp-code")
        visitor = Visitor("doctor", world.portal, world.idp)
        page.get_by_test_id("code-input").fill(visitor.sms_code(DOCTOR_PHONE))
        page.get_by_test_id("code-submit").click()
        page.get_by_test_id("consent-allow").wait_for()
        audit("idp-consent")
        page.get_by_test_id("consent-allow").click()
        page.wait_for_url(re.compile(r"/cabinet/"))
        yield steps
    finally:
        context.close()


JOURNEY_PARAMS = [
    pytest.param(k.values[0], rule, marks=k.marks, id=f"{k.values[0]}-{rule}")
    for rule in ("axe", "narrow")
    for k in kinds(rule)
    if k.values[0] in JOURNEY_KINDS
]


@pytest.mark.parametrize(("kind", "rule"), JOURNEY_PARAMS)
def test_the_login_pages_pass_axe_and_fit_a_320_px_screen(login_journey, kind, rule):
    step = login_journey[kind]
    assert (step.violations if rule == "axe" else step.overflow) == [], step.url
