"""A trainer shows a real cabinet login as a sequence diagram in Chromium, JavaScript off and
on: on the console page, alone for a projector, on a 375 px phone, axe-clean and within the
page budgets (DESIGN.md §4)."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.audits import FIRST_VISIT, PHONE, REPEAT_VISIT, audit_page, serious_violations
from tests.support.constants import DOCTOR_PHONE
from tests.support.site import Visitor, form_action

pytestmark = pytest.mark.browser

SIDEWAYS = """() => {
  const box = document.querySelector(".seq-scroll");
  return {page: document.documentElement.scrollWidth, box: box.clientWidth,
          drawing: box.scrollWidth, right: box.getBoundingClientRect().right};
}"""


def open_latest_login(page: Page, idp_url: str) -> None:
    page.goto(f"{idp_url}/_mock/")
    page.get_by_test_id("timeline-1").click()
    page.wait_for_url(re.compile(r"/_mock/logins/[^/]+$"))


def drawn_steps(page: Page) -> list[str]:
    diagram = page.get_by_role("img", name=re.compile("^Схема входа в"))
    expect(diagram).to_be_visible()
    return [" ".join(t.split()) for t in page.get_by_test_id("sequence-step").all_text_contents()]


def test_a_cabinet_login_is_drawn_from_click_to_data_read(doctor, person, live_portal):
    page = doctor
    open_latest_login(page, live_portal.idp_url)
    steps = drawn_steps(page)
    assert steps[0] == "1. «Войти через Госуслуги»"
    assert any(re.search(r"POST /aas/oauth2/(v\d/)?te: код → токены", step) for step in steps)
    reads = [step for step in steps if "GET: данные человека /rs/prns/" in step]
    assert len(reads) == 2, steps  # the person, then their roles
    assert not [step for step in steps if "✕" in step]
    expect(page.get_by_test_id("timeline").get_by_role("listitem").first).to_be_visible()
    page.get_by_test_id("diagram-page").click()
    page.wait_for_url(re.compile(r"/diagram$"))
    assert drawn_steps(page) == steps
    person.assert_quiet_console()


def test_on_a_phone_the_diagram_scrolls_in_its_own_box(doctor, person, live_portal):
    page = doctor
    page.set_viewport_size(PHONE)
    for path in ("", "/diagram"):
        open_latest_login(page, live_portal.idp_url)
        page.goto(page.url + path)
        expect(page.get_by_test_id("sequence-diagram")).to_be_visible()
        sizes = page.evaluate(SIDEWAYS)
        assert sizes["page"] <= PHONE["width"], sizes
        assert sizes["right"] <= PHONE["width"] and sizes["drawing"] > sizes["box"], sizes
        label = page.get_by_test_id("sequence-step").first.locator("text").first
        assert label.bounding_box()["height"] >= 11  # legible: the text is not scaled down
    person.assert_quiet_console()


@pytest.fixture
def wrong_password_login(live_portal, demo) -> str:
    """A cabinet login whose first password was wrong, then right: its console page."""
    visitor = Visitor("trainer", live_portal.url, live_portal.idp_url)
    login_page = visitor.page(f"{live_portal.url}/login/esia")
    wrong = {"csrf_token": login_page.parts.csrf, "login": DOCTOR_PHONE, "password": "Wrong-Pass1"}
    visitor.session.post(form_action(login_page.url, login_page.wire.text), data=wrong, timeout=10)
    visitor.log_in(DOCTOR_PHONE)
    index = visitor.fetch(f"{live_portal.idp_url}/_mock/")
    # Newest first; the oldest is the wrong password's (each visit of the authorize address,
    # which answers the login page itself, opens a login: the visitor weighs pages twice).
    rid = re.findall(r"/_mock/logins/([\w-]+)", index.text)[-1]
    return f"{live_portal.idp_url}/_mock/logins/{rid}"


def test_the_failed_step_is_marked_in_words_not_colour_alone(wrong_password_login, person):
    page = person.page
    page.goto(wrong_password_login)
    steps = drawn_steps(page)
    assert [s for s in steps if "✕" in s] == [
        next(s for s in steps if s.startswith("4. ✕ POST: Логин и пароль"))
    ]
    assert "Неверный логин или пароль" in steps[3]
    expect(page.get_by_text("Красным и знаком ✕ отмечен шаг")).to_be_visible()


@pytest.mark.parametrize("width", [1280, PHONE["width"]])
def test_the_diagram_pages_pass_axe(chromium, wrong_password_login, width):
    with audit_page(chromium, width) as page:
        for url in (wrong_password_login, f"{wrong_password_login}/diagram"):
            page.goto(url)
            assert serious_violations(page) == [], url


def test_the_diagram_pages_keep_to_the_page_budgets(wrong_password_login, live_portal):
    visitor = Visitor("trainer", live_portal.url, live_portal.idp_url)
    for url in (wrong_password_login, f"{wrong_password_login}/diagram"):
        visit = visitor.page(url)
        assert visit.wire.encoding == "gzip", url
        assert visit.first_visit <= FIRST_VISIT and visit.repeat_visit <= REPEAT_VISIT, (
            url, visit.first_visit, visit.repeat_visit
        )  # fmt: skip
    svg = visitor.fetch(f"{wrong_password_login}/diagram.svg")
    assert svg.headers["Content-Type"].startswith("image/svg+xml") and svg.size <= REPEAT_VISIT
