"""A real browser keeps the polled status and the polled list of applications and revalidates
them: Chromium adds If-None-Match on its own and gets 304s while nothing changes, then the new
content once the case moves on. No test here writes a conditional header by hand."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Response, expect
from sqlalchemy import select

from portal.models import Doctor, db
from tests.support.browsers import TIMEOUT_MS
from tests.support.cabinet import decided, submitted_row
from tests.support.constants import DOCTOR_PHONE
from tests.support.in_browser import Person, log_in_to_cabinet

pytestmark = pytest.mark.browser

POLL_MS = 5_000


@dataclass
class Polls:
    """One poll as both ends saw it: the validator Chromium sent with each request, and the
    status the cabinet answered (Chromium hands a revalidated 304 to the page, and to
    Playwright's response event, as the 200 it kept)."""

    path: str
    sent: list[str] = field(default_factory=list)
    answered: list[int] = field(default_factory=list)

    def record(self, response: Response) -> None:
        if urlsplit(response.url).path == self.path:
            self.sent.append(response.request.all_headers().get("if-none-match", ""))

    def wait_for(self, page: Page, count: int, every_ms: int = POLL_MS) -> None:
        """Until `count` polls `every_ms` apart were answered and seen by the browser, with a
        poll's worth of slack for a busy machine."""
        for _ in range((count + 1) * every_ms // 500):
            # The server's answer is recorded before the browser's response event fires.
            if len(self.answered) >= count and len(self.sent) >= count:
                return
            page.wait_for_timeout(500)
        pytest.fail(f"only {len(self.answered)} answers to {self.path}: {self.answered}")


@pytest.fixture
def watch(live_portal) -> Iterator:
    """Polls(path) recording what the live cabinet answered on `path`."""
    watched, inner = [], live_portal.app.wsgi_app

    def recording(environ, start_response):
        def start(status, headers, exc_info=None):
            for polls in watched:
                if environ.get("PATH_INFO") == polls.path:
                    polls.answered.append(int(status.split()[0]))
            return start_response(status, headers, exc_info)

        return inner(environ, start)

    def watch(path: str) -> Polls:
        watched.append(Polls(path))
        return watched[-1]

    live_portal.app.wsgi_app = recording
    yield watch
    live_portal.app.wsgi_app = inner


@pytest.fixture
def browser(chromium) -> Iterator[BrowserContext]:
    context = chromium.new_context(java_script_enabled=True, locale="ru-RU")
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def logged_in(browser, live_portal, http) -> Page:
    person = Person(browser.new_page())
    person.listen()
    return log_in_to_cabinet(person, live_portal, http, DOCTOR_PHONE)


def registered_application(live_portal) -> tuple[int, str]:
    """A registered application of the logged-in demo doctor: its id and number."""
    with live_portal.app.app_context():
        doctor = db.session.scalar(select(Doctor).where(Doctor.role == "doctor"))
        row = submitted_row(doctor.id, "АК-2026-000777")
        db.session.add(row)
        db.session.commit()
        return row.id, row.number


def test_the_open_application_page_polls_with_304s_until_its_status_changes(
    logged_in, live_portal, watch
):
    application_id, _ = registered_application(live_portal)
    polls = watch(f"/cabinet/applications/{application_id}/status")
    logged_in.on("response", polls.record)
    logged_in.goto(f"{live_portal.url}/cabinet/applications/{application_id}")
    polls.wait_for(logged_in, 3)
    assert polls.answered[:3] == [200, 304, 304], polls.answered
    assert polls.sent[0] == "" and all(polls.sent[1:3]), polls.sent
    decided(live_portal.app, application_id, "reject", "Нет стажа")
    status = logged_in.get_by_test_id("application-status")
    expect(status).to_have_text("Отклонено", timeout=3 * POLL_MS)
    assert polls.answered[-1] == 286, polls.answered


def test_the_list_of_applications_polls_with_304s(logged_in, live_portal, watch):
    _, number = registered_application(live_portal)
    polls = watch("/cabinet/applications/")
    logged_in.on("response", polls.record)
    logged_in.goto(f"{live_portal.url}/cabinet/applications/")
    expect(logged_in.get_by_role("link", name=number)).to_be_visible()
    polls.wait_for(logged_in, 3, every_ms=10_000)  # the page itself, then polls 10 s apart
    assert polls.answered[:3] == [200, 200, 304], polls.answered
    assert polls.sent[:2] == ["", ""] and polls.sent[2], polls.sent
