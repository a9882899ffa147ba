"""Every page of the profile keeps to the budgets the rest of the simulator keeps: axe-core
finds nothing serious at a phone's width, and a first visit (HTML, CSS and JS, compressed) is
under 30 KB."""

import re

import pytest
import requests

from tests.support.audits import FIRST_VISIT, audit_page, serious_violations
from tests.support.constants import DOCTOR_PHONE
from tests.support.in_browser import enter_password, latest_sms_code
from tests.support.pages import Page

pytestmark = pytest.mark.browser
PAGES = (
    "/profile",
    "/profile/personal",
    "/profile/personal/edit",
    "/profile/contacts",
    "/profile/contacts/email",
    "/profile/security",
    "/profile/security/password",
    "/profile/security/app",
    "/profile/security/everywhere",
    "/profile/level",
    "/profile/register",
)


def compressed_size(http: requests.Session, url: str) -> int:
    response = http.get(url, headers={"Accept-Encoding": "br, gzip"}, stream=True, timeout=10)
    assert response.status_code == 200, url
    return len(response.raw.read(decode_content=False))


def first_visit_weight(http: requests.Session, base: str, path: str) -> int:
    html = http.get(base + path, timeout=10)
    page = Page(html)
    assets = [link["href"] for link in page.soup.select("link[rel=stylesheet]")]
    assets += [script["src"] for script in page.soup.select("script[src]")]
    return compressed_size(http, base + path) + sum(compressed_size(http, base + a) for a in assets)


def test_every_profile_page_is_accessible_and_light(chromium, live_idp, demo, http):
    with audit_page(chromium, 320) as page:
        page.goto(f"{live_idp.url}/profile")
        enter_password(page, DOCTOR_PHONE)
        page.get_by_test_id("code-input").wait_for()
        page.get_by_test_id("code-input").fill(latest_sms_code(http, live_idp.url, DOCTOR_PHONE))
        page.get_by_test_id("code-submit").click()
        page.wait_for_url(re.compile(r"/profile$"))
        for cookie in page.context.cookies():
            http.cookies.set(cookie["name"], cookie["value"])
        problems, weights = {}, {}
        for path in PAGES:
            page.goto(live_idp.url + path)
            found = serious_violations(page)
            weight = weights[path] = first_visit_weight(http, live_idp.url, path)
            if weight > FIRST_VISIT:
                found.append(f"first visit {weight} B > {FIRST_VISIT} B")
            if found:
                problems[path] = found
    assert problems == {}
    assert min(weights.values()) > 1024, weights  # the pages themselves, not a login redirect
