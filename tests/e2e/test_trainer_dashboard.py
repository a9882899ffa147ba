"""A trainer watches a trainee log in to the cabinet on the dashboard in Chromium: with
JavaScript the table moves by itself (polled, 304 while unchanged), without it the «Обновить»
link brings the news. The page passes axe, keeps to the page budgets and fits a 375 px phone."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.support.audits import (
    FIRST_VISIT,
    PHONE,
    REPEAT_VISIT,
    WIDEST,
    audit_page,
    serious_violations,
)
from tests.support.constants import DEMO_PASSWORD, DOCTOR_NAME, DOCTOR_PHONE
from tests.support.site import Visitor, form_action

pytestmark = pytest.mark.browser

POLL_WAIT_MS = 12_000


@pytest.fixture
def board(live_idp, live_portal, demo) -> Iterator[str]:
    """The dashboard's URL for the demo doctor, the simulator reading the live cabinet."""
    live_idp.app.config["CABINET_URL"] = live_portal.url
    yield f"{live_idp.url}/_mock/dashboard?oids={demo[DOCTOR_PHONE]}"
    live_idp.app.config["CABINET_URL"] = None


class Trainee:
    """A trainee logging in to the cabinet step by step, from their own (requests) browser."""

    def __init__(self, live_portal):
        self.visitor = Visitor("trainee", live_portal.url, live_portal.idp_url)
        self.page = None

    def enter_password(self) -> None:
        self.page = self.visitor.page(f"{self.visitor.portal}/login/esia")
        self.send({"login": DOCTOR_PHONE, "password": DEMO_PASSWORD})

    def enter_code(self) -> None:
        self.send({"code": self.visitor.sms_code(DOCTOR_PHONE)})

    def agree(self) -> None:
        self.send({"decision": "allow"})
        assert self.page.url.startswith(self.visitor.portal), self.page.url

    def send(self, fields: dict) -> None:
        action = form_action(self.page.url, self.page.wire.text)
        response = self.visitor.post(action, {"csrf_token": self.page.parts.csrf, **fields})
        if response.url.startswith(self.visitor.portal):  # back in the cabinet
            self.page = self.visitor.page(response.url)
        else:  # the next login step, answered in place; it has an address of its own too
            self.page = self.visitor.page(form_action(response.url, response.text))


@pytest.fixture
def dashboard_statuses(live_idp) -> Iterator[list[str]]:
    """The statuses the live simulator answered the dashboard with, as the server sent them
    (the browser hands a revalidated 304 to htmx as the 200 it kept)."""
    statuses, inner = [], live_idp.app.wsgi_app

    def recording(environ, start_response):
        def start(status, headers, exc_info=None):
            if environ.get("PATH_INFO") == "/_mock/dashboard":
                statuses.append(status.split()[0])
            return start_response(status, headers, exc_info)

        return inner(environ, start)

    live_idp.app.wsgi_app = recording
    yield statuses
    live_idp.app.wsgi_app = inner


def stage_of(page: Page):
    return page.get_by_role("row", name=DOCTOR_NAME).get_by_test_id("stage")


def test_the_trainer_sees_the_trainee_move_through_the_login(
    person, js_on, board, live_portal, dashboard_statuses
):
    page, trainee = person.page, Trainee(live_portal)
    page.goto(board)
    expect(stage_of(page)).to_have_text("не начинал")
    if js_on:
        page.evaluate("() => { window.stillTheSamePage = true }")
    steps = (
        (trainee.enter_password, "ввёл пароль — ждёт код"),
        (trainee.enter_code, "ввёл код — согласие"),
        (trainee.agree, "вернулся в кабинет"),
    )
    for step, shown in steps:
        step()
        if not js_on:
            page.get_by_role("link", name="Обновить").click()
        expect(stage_of(page)).to_have_text(shown, timeout=POLL_WAIT_MS)
    row = page.get_by_role("row", name=DOCTOR_NAME)
    expect(row.get_by_test_id("documents")).to_have_text("0, принято 0")
    if js_on:
        assert page.evaluate("() => window.stillTheSamePage") is True
        page.wait_for_timeout(6_000)
        assert "304" in dashboard_statuses, dashboard_statuses
    person.assert_quiet_console()


@pytest.mark.parametrize("width", [1280, PHONE["width"]])
def test_the_dashboard_passes_axe_and_fits_a_phone(chromium, board, width):
    with audit_page(chromium, width) as page:
        page.goto(board.split("?")[0])
        expect(page.get_by_role("table")).to_be_visible()
        assert page.evaluate(WIDEST) <= width
        assert serious_violations(page) == []


def test_the_dashboard_keeps_to_the_page_budgets(board, live_portal):
    visitor = Visitor("trainer", live_portal.url, live_portal.idp_url)
    visit = visitor.page(board.split("?")[0])
    assert visit.wire.encoding == "gzip"
    print(f"dashboard: first visit {visit.first_visit} B, repeat {visit.repeat_visit} B")
    assert visit.first_visit <= FIRST_VISIT and visit.repeat_visit <= REPEAT_VISIT, (
        visit.first_visit, visit.repeat_visit
    )  # fmt: skip
