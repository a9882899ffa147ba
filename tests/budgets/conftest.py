"""One world for the budget and accessibility tests: both apps live on loopback, the demo
personas, a doctor with documents, a submitted application and a draft, a reviewer, and
every page each of them (and an anonymous visitor) can reach by following links.

The world is built once for the package, as crawling both apps takes a while; its tables are
emptied at the end, as every other test expects.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from idp_mock.models import db as idp_db
from idp_mock.tester.seed import seed_demo
from portal.models import db as portal_db
from tests.support import servers
from tests.support.browsers import launch_chromium, no_browser
from tests.support.constants import DOCTOR_PHONE, REVIEWER_PHONE
from tests.support.databases import empty_tables
from tests.support.page_kinds import app_of, kind_of
from tests.support.site import Visit, Visitor

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DOCUMENTS = ("passport", "snils", "diploma")


@dataclass
class World:
    portal: str
    idp: str
    visitors: dict[str, Visitor]
    pages: list[Visit]
    journey: list[Visit]
    application_id: int
    draft_id: int

    @property
    def every_page(self) -> list[Visit]:
        return self.pages + self.journey

    def pages_of(self, kind: str) -> list[Visit]:
        found = [p for p in self.every_page if kind_of(p.path, app_of(p.url, self.portal)) == kind]
        assert found, f"the crawl found no page of the kind {kind}"
        return found

    def cookies(self, role: str) -> list[dict]:
        jar = self.visitors[role].session.cookies
        return [{"name": c.name, "value": c.value, "url": self.portal} for c in jar]


def prepare_doctor(doctor: Visitor, journey: list[Visit]) -> tuple[int, int]:
    """A confirmed doctor with documents, one submitted application and one draft."""
    doctor.log_in(DOCTOR_PHONE, journey)
    for code in DOCUMENTS:
        doctor.upload(code)
    submitted = doctor.start_application("primary")
    doctor.fill_steps(submitted, 5)
    draft = doctor.start_application("periodic")
    doctor.fill_steps(draft, 3)
    return submitted, draft


def crawl_all(world_visitors: dict[str, Visitor], portal_url: str, idp_url: str) -> list[Visit]:
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
    certificate = data_dir / "esia-signing-for-budgets.pem"
    with servers.live_portal(live_idp, portal_config, certificate) as server:
        url, application = server.url, server.app
        visitors = {
            role: Visitor(role, url, live_idp.url) for role in ("anonymous", "doctor", "reviewer")
        }
        journey: list[Visit] = []
        submitted, draft = prepare_doctor(visitors["doctor"], journey)
        visitors["reviewer"].log_in(REVIEWER_PHONE)
        pages = crawl_all(visitors, url, live_idp.url)
        try:
            yield World(url, live_idp.url, visitors, pages, journey, submitted, draft)
        finally:
            empty_tables(application, portal_db)
            empty_tables(live_idp.app, idp_db)


@pytest.fixture(scope="package")
def chromium_for_audits(playwright_session) -> Iterator[Browser]:
    """Chromium for this package, closed once its audits are done."""
    browser = launch_chromium(playwright_session)
    yield browser
    browser.close()


@pytest.fixture(scope="package")
def axe_source() -> str:
    """axe-core from node_modules (`npm ci`, run by bin/setup --test)."""
    if not AXE.is_file():
        no_browser(f"axe-core is not installed at {AXE}: run `npm ci`")
    return AXE.read_text()
