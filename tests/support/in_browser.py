"""People in Chromium (Playwright): what their console complained of, and the steps of a login
on the simulator's real pages, for the journeys in tests/e2e."""

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from playwright.sync_api import ConsoleMessage, Page, Request, Response, expect

from .browsers import FAILED_LOAD
from .constants import DEMO_PASSWORD
from .drivers import query_of

# The password form answers at the authorize address itself (ESIA v1, v2 or OIDC).
PASSWORD_FORM = re.compile(r"/aas/oauth2(/v2)?/ac\?|/oidc/authorize\?")


@dataclass
class Person:
    """A person at the browser: the page, and what its console complained of."""

    page: Page
    console_errors: list[tuple[str, str]] = field(default_factory=list)
    navigations: set[str] = field(default_factory=set)
    refusals: set[str] = field(default_factory=set)

    def listen(self) -> None:
        self.page.on("console", self.on_console)
        self.page.on("pageerror", lambda error: self.console_errors.append((str(error), "")))
        self.page.on("request", self.on_request)
        self.page.on("response", self.on_response)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append((message.text, message.location.get("url", "")))

    def on_request(self, request: Request) -> None:
        if request.is_navigation_request():
            self.navigations.add(request.url)

    def on_response(self, response: Response) -> None:
        # A form refused to htmx (422, or 413 for a file) is the page's answer, shown in place.
        htmx = response.request.headers.get("hx-request") == "true"
        if htmx and response.status in (413, 422):
            self.refusals.add(response.url)

    def expected(self, text: str, url: str) -> bool:
        """Chromium logs any 4xx as «Failed to load resource», even a page's own 422 and the
        favicon it fetches on its own; the tests check page statuses themselves."""
        if not text.startswith(FAILED_LOAD):
            return False
        if url in self.navigations or url in self.refusals:
            return True
        return urlsplit(url).path == "/favicon.ico"

    def assert_quiet_console(self) -> None:
        """No script errors, no failed subresources, no CSP violations (Chromium reports all
        of them as console errors)."""
        problems = [
            f"{text} ({url})" for text, url in self.console_errors if not self.expected(text, url)
        ]
        assert problems == [], "\n".join(problems)


def latest_sms_code(http, idp_url: str, phone: str) -> str:
    response = http.get(f"{idp_url}/_mock/api/messages", params={"to": phone}, timeout=10)
    response.raise_for_status()
    messages = response.json()
    assert messages, f"no SMS was sent to {phone}"
    return messages[0]["code"]


def enter_password(page: Page, login: str, password: str = DEMO_PASSWORD) -> None:
    page.get_by_test_id("login-input").fill(login)
    page.get_by_test_id("password-input").fill(password)
    page.get_by_test_id("login-submit").click()


def wait_for_callback(person: Person, relying_party) -> dict[str, str]:
    """The browser lands on the site's callback page; returns the query it brought."""
    page = person.page
    page.wait_for_url(lambda url: url.startswith(relying_party.callback + "?"))
    expect(page.get_by_text("ok", exact=True)).to_be_visible()
    assert len(relying_party.hits) == 1, relying_party.hits
    return query_of(page.url)


def start_cabinet_login(page: Page, live_portal) -> None:
    """From the cabinet's landing page to the simulator's password form."""
    page.goto(live_portal.url + "/")
    landing = page.get_by_role("heading", name="Личный кабинет медицинского работника")
    expect(landing).to_be_visible()
    page.get_by_test_id("login-gosuslugi").click()
    page.wait_for_url(PASSWORD_FORM)
    assert page.url.startswith(live_portal.idp_url + "/"), page.url
    expect(page.get_by_role("heading", name="Вход", exact=True)).to_be_visible()


def log_in_to_cabinet(person: Person, live_portal, http, phone: str) -> Page:
    """The whole login on the simulator's pages: password, SMS code, consent."""
    page = person.page
    start_cabinet_login(page, live_portal)
    enter_password(page, phone)
    page.get_by_test_id("code-input").wait_for()
    page.get_by_test_id("code-input").fill(latest_sms_code(http, live_portal.idp_url, phone))
    page.get_by_test_id("code-submit").click()
    page.get_by_test_id("consent-allow").wait_for()
    expect(page.get_by_role("heading", name="Предоставление прав доступа")).to_be_visible()
    page.get_by_test_id("consent-allow").click()
    page.wait_for_url(lambda url: url.startswith(live_portal.url + "/"))
    return page


def expect_landed(page: Page, url: str) -> None:
    """The login ended on `url`. The cabinet answers it at the callback address in place of a
    redirect: with JavaScript site.js then puts `url` in the address bar; without, the address
    bar keeps the callback and the page names `url` as its own (its canonical link)."""
    page.wait_for_load_state("load")  # deferred scripts have run
    if page.url == url:
        return
    assert urlsplit(page.url).path == "/login/esia/callback", page.url
    assert urljoin(page.url, page.locator("link[rel=canonical]").get_attribute("href")) == url


def allow_and_return(person: Person, relying_party, state: str) -> None:
    """Allow on the consent page; the site gets a code back with its own state, and the
    console stayed quiet all along."""
    person.page.get_by_test_id("consent-allow").wait_for()
    person.page.get_by_test_id("consent-allow").click()
    result = wait_for_callback(person, relying_party)
    assert result["state"] == state and result["code"]
    person.assert_quiet_console()
