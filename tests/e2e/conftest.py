"""Browser fixtures: one headless Chromium per session, a fresh context for every test.

Every context comes twice, with JavaScript off and on, so each journey is tested both as
plain HTML forms and with htmx loaded. A tiny HTTP server stands in for the relying party's
callback so the last redirect of a login lands on a real page; `live_portal` serves the real
cabinet instead, registered with the live simulator.
"""

import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
import requests
from flask import Flask
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    Request,
)
from werkzeug.serving import make_server

import portal
from portal import esia_client
from portal.models import db as portal_db
from tests.support.rp import RelyingParty

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


def no_browser(reason: str) -> None:
    """Skip on a machine without Chromium, unless REQUIRE_BROWSER says it must be there."""
    if os.environ.get("REQUIRE_BROWSER"):
        pytest.fail(f"REQUIRE_BROWSER is set but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium(playwright_session) -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        no_browser(f"Chromium is not installed at {CHROMIUM}")
    try:
        browser = playwright_session.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
    except Error as error:
        no_browser(f"Chromium at {CHROMIUM} did not start: {error.message}")
    yield browser
    browser.close()


@pytest.fixture(params=[False, True], ids=["js-off", "js-on"])
def context(request, chromium) -> Iterator[BrowserContext]:
    context = chromium.new_context(java_script_enabled=request.param, locale="ru-RU")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context
    context.close()


FAILED_LOAD = "Failed to load resource"


@dataclass
class Person:
    """A person at the browser: the page, and what its console complained of."""

    page: Page
    console_errors: list[tuple[str, str]] = field(default_factory=list)
    navigations: set[str] = field(default_factory=set)

    def listen(self) -> None:
        self.page.on("console", self.on_console)
        self.page.on("pageerror", lambda error: self.console_errors.append((str(error), "")))
        self.page.on("request", self.on_request)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append((message.text, message.location.get("url", "")))

    def on_request(self, request: Request) -> None:
        if request.is_navigation_request():
            self.navigations.add(request.url)

    def expected(self, text: str, url: str) -> bool:
        """Chromium logs any 4xx as «Failed to load resource», even a page's own 422 and the
        favicon it fetches on its own; the tests check page statuses themselves."""
        if not text.startswith(FAILED_LOAD):
            return False
        return url in self.navigations or urlsplit(url).path == "/favicon.ico"

    def assert_quiet_console(self) -> None:
        """No script errors, no failed subresources, no CSP violations (Chromium reports all
        of them as console errors)."""
        problems = [
            f"{text} ({url})" for text, url in self.console_errors if not self.expected(text, url)
        ]
        assert problems == [], "\n".join(problems)


@pytest.fixture
def person(context) -> Person:
    person = Person(context.new_page())
    person.listen()
    return person


class CallbackHandler(BaseHTTPRequestHandler):
    """The relying party's redirect_uri: remembers each hit and answers with a page «ok»."""

    def do_GET(self) -> None:
        if self.path.split("?")[0] != "/callback":
            self.send_error(404)
            return
        self.server.hits.append(self.path)
        body = b"<!doctype html><html lang='ru'><title>ok</title><p>ok</p></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        pass


@dataclass
class LiveRelyingParty:
    """A relying party registered at the live simulator, with a real callback to land on."""

    idp_url: str
    rp: RelyingParty
    hits: list[str]

    @property
    def callback(self) -> str:
        return self.rp.redirect_uri

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
def relying_party(live_idp, app, http) -> Iterator[LiveRelyingParty]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), CallbackHandler)
    server.hits = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rp = RelyingParty(redirect_uri=f"http://127.0.0.1:{server.server_port}/callback")
    response = http.post(f"{live_idp.url}/_mock/api/clients", json=rp.registration(), timeout=10)
    assert response.status_code == 201, response.text
    yield LiveRelyingParty(live_idp.url, rp, server.hits)
    server.shutdown()
    server.server_close()


def free_port() -> int:
    """A loopback port nobody listens on right now (the cabinet must know its URL up front)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LivePortal:
    """The cabinet served over real HTTP, registered at the live simulator."""

    url: str
    app: Flask
    idp_url: str


@pytest.fixture
def live_portal(live_idp, demo, portal_app, portal_config, data_dir, http) -> Iterator[LivePortal]:
    """The cabinet on a free loopback port, logging in through `live_idp`.

    Function-scoped: the simulator's tables (clients included) and the cabinet's are emptied
    after every test, so the cabinet is registered afresh each time. `demo` seeds the personas;
    `portal_app` empties the cabinet's tables afterwards.
    """
    certificate = data_dir / "esia-signing-for-live-portal.pem"
    certificate.write_bytes(live_idp.app.extensions["signing_key"].certificate_pem)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    application = portal.create_app(
        {
            **portal_config,
            "IDP_URL": live_idp.url,
            "PUBLIC_URL": url,
            "ESIA_CERT_PATH": str(certificate),
            "HTTP_TIMEOUT": (2, 5),
        }
    )
    server = make_server("127.0.0.1", port, application, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        registration = esia_client.registration(application)
        response = http.post(f"{live_idp.url}/_mock/api/clients", json=registration, timeout=10)
        assert response.status_code == 201, response.text
        yield LivePortal(url, application, live_idp.url)
    finally:
        server.shutdown()
        server.server_close()
        with application.app_context():
            portal_db.engine.dispose()
