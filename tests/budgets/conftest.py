"""One world for the budget and accessibility tests: both apps live on loopback, the demo
personas, a doctor with documents, a submitted application and a draft, a reviewer, and
every page each of them (and an anonymous visitor) can reach by following links.

The world is built once for the package, as crawling both apps takes a while; its tables are
emptied at the end, as every other test expects.
"""

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Error
from werkzeug.serving import make_server

import portal
from idp_mock.models import db as idp_db
from idp_mock.tester.seed import seed_demo
from portal import esia_client
from portal.models import db as portal_db
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, no_browser
from tests.support.constants import DOCTOR_PHONE
from tests.support.databases import empty_tables

from .pages import app_of, kind_of
from .site import Page, Visitor

REVIEWER_PHONE = "+79161234506"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DOCUMENTS = ("passport", "snils", "diploma")


@dataclass
class World:
    portal: str
    idp: str
    visitors: dict[str, Visitor]
    pages: list[Page]
    journey: list[Page]
    application_id: int
    draft_id: int

    @property
    def every_page(self) -> list[Page]:
        return self.pages + self.journey

    def pages_of(self, kind: str) -> list[Page]:
        found = [p for p in self.every_page if kind_of(p.path, app_of(p.url, self.portal)) == kind]
        assert found, f"the crawl found no page of the kind {kind}"
        return found

    def cookies(self, role: str) -> list[dict]:
        jar = self.visitors[role].session.cookies
        return [{"name": c.name, "value": c.value, "url": self.portal} for c in jar]


def serve_portal(live_idp, portal_config, data_dir):
    certificate = data_dir / "esia-signing-for-budgets.pem"
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
    registration = esia_client.registration(application)
    response = requests.post(f"{live_idp.url}/_mock/api/clients", json=registration, timeout=10)
    assert response.status_code == 201, response.text
    return application, server, url


def prepare_doctor(doctor: Visitor, journey: list[Page]) -> tuple[int, int]:
    """A confirmed doctor with documents, one submitted application and one draft."""
    doctor.log_in(DOCTOR_PHONE, journey)
    for code in DOCUMENTS:
        doctor.upload(code)
    submitted = doctor.start_application("primary")
    doctor.fill_steps(submitted, 5)
    draft = doctor.start_application("periodic")
    doctor.fill_steps(draft, 3)
    return submitted, draft


def crawl_all(world_visitors: dict[str, Visitor], portal_url: str, idp_url: str) -> list[Page]:
    anonymous, doctor, reviewer = (world_visitors[r] for r in ("anonymous", "doctor", "reviewer"))
    pages = anonymous.crawl(
        [f"{portal_url}/", f"{portal_url}/no-such-page", f"{idp_url}/"], {portal_url}
    )
    # The simulator's pages beyond the login form belong to a login in progress.
    pages += anonymous.crawl([f"{portal_url}/login/esia"], {idp_url})
    pages += doctor.crawl([f"{portal_url}/cabinet/", f"{portal_url}/"], {portal_url})
    pages += reviewer.crawl([f"{portal_url}/review/", f"{portal_url}/"], {portal_url})
    unique = {(page.role, page.url): page for page in pages}
    return list(unique.values())


@pytest.fixture(scope="package")
def world(migrated, live_idp, portal_config, data_dir) -> Iterator[World]:
    with live_idp.app.app_context():
        seed_demo()
    application, server, url = serve_portal(live_idp, portal_config, data_dir)
    try:
        visitors = {
            role: Visitor(role, url, live_idp.url) for role in ("anonymous", "doctor", "reviewer")
        }
        journey: list[Page] = []
        submitted, draft = prepare_doctor(visitors["doctor"], journey)
        visitors["reviewer"].log_in(REVIEWER_PHONE)
        pages = crawl_all(visitors, url, live_idp.url)
        yield World(url, live_idp.url, visitors, pages, journey, submitted, draft)
    finally:
        server.shutdown()
        server.server_close()
        empty_tables(application, portal_db)
        empty_tables(live_idp.app, idp_db)
        with application.app_context():
            portal_db.engine.dispose()


@pytest.fixture(scope="package")
def chromium_for_audits(playwright_session) -> Iterator[Browser]:
    """Chromium for this package, closed once its audits are done."""
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


@pytest.fixture(scope="package")
def axe_source() -> str:
    """axe-core from node_modules (`npm ci`, run by bin/setup --test)."""
    if not AXE.is_file():
        message = f"axe-core is not installed at {AXE}: run `npm ci`"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"REQUIRE_BROWSER is set but {message}", pytrace=False)
        pytest.skip(message)
    return AXE.read_text()
