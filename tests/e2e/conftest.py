"""Browser fixtures: one headless Chromium per session, a fresh context for every test.

Every context comes twice, with JavaScript off and on, so each journey is tested both as
plain HTML forms and with htmx loaded. A tiny HTTP server stands in for the relying party's
callback so the last redirect of a login lands on a real page; `live_portal` serves the real
cabinet instead, registered with the live simulator.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
import requests
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.support import servers
from tests.support.browsers import TIMEOUT_MS, launch_chromium
from tests.support.constants import DOCTOR_NAME, DOCTOR_PHONE
from tests.support.in_browser import Person, log_in_to_cabinet
from tests.support.rp import RelyingParty


@pytest.fixture(scope="session")
def chromium(playwright_session) -> Iterator[Browser]:
    browser = launch_chromium(playwright_session)
    yield browser
    browser.close()


@pytest.fixture(params=[False, True], ids=["js-off", "js-on"])
def context(request, chromium) -> Iterator[BrowserContext]:
    context = chromium.new_context(java_script_enabled=request.param, locale="ru-RU")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def person(context) -> Person:
    person = Person(context.new_page())
    person.listen()
    return person


@pytest.fixture
def js_on(request, context) -> bool:
    """Whether this run's browser contexts have JavaScript on (the `context` parameter)."""
    return request.node.callspec.params["context"]


@pytest.fixture
def doctor(person, live_portal, http) -> Page:
    """The confirmed demo doctor, logged in from the cabinet's landing page."""
    page = log_in_to_cabinet(person, live_portal, http, DOCTOR_PHONE)
    expect(page.get_by_test_id("user-name")).to_have_text(DOCTOR_NAME)
    return page


@dataclass
class LiveRelyingParty:
    """A relying party registered at the live simulator, with a real callback to land on."""

    idp_url: str
    rp: RelyingParty
    callback: str
    hits: list[str]

    def authorization_url(self, state: str | None = None) -> tuple[str, str]:
        """The v1 authorization URL and the state it carries."""
        params = self.rp.v1_params(state)
        return f"{self.idp_url}/aas/oauth2/ac?{urlencode(params)}", params["state"]


@pytest.fixture
def http() -> Iterator[requests.Session]:
    """Requests to the loopback servers, never through a proxy from the environment."""
    with requests.Session() as session:
        session.trust_env = False
        yield session


@pytest.fixture
def relying_party(live_idp, app) -> Iterator[LiveRelyingParty]:
    with servers.callback_server() as (callback, hits):
        rp = RelyingParty(redirect_uri=callback)
        servers.register(live_idp.url, rp.registration())
        yield LiveRelyingParty(live_idp.url, rp, callback, hits)


@dataclass
class LivePortal:
    """The cabinet served over real HTTP, registered at the live simulator."""

    url: str
    app: Flask
    idp_url: str


@pytest.fixture
def live_portal(live_idp, demo, portal_app, portal_config, data_dir) -> Iterator[LivePortal]:
    """The cabinet on a free loopback port, logging in through `live_idp`.

    Function-scoped: the simulator's tables (clients included) and the cabinet's are emptied
    after every test, so the cabinet is registered afresh each time. `demo` seeds the personas;
    `portal_app` empties the cabinet's tables afterwards.
    """
    certificate = data_dir / "esia-signing-for-live-portal.pem"
    with servers.live_portal(live_idp, portal_config, certificate) as server:
        yield LivePortal(server.url, server.app, live_idp.url)
