"""A trainer makes a class in the console and prints its sheet, in Chromium with JavaScript off
and on: «Новый класс» with a mistake first, the class's page, a sheet that prints on one A4
page; the pages pass axe and keep to the page budgets (DESIGN.md §4)."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.audits import FIRST_VISIT, REPEAT_VISIT, audit_page, serious_violations
from tests.support.classroom import new_group
from tests.support.site import Visitor

pytestmark = pytest.mark.browser



def test_a_trainer_makes_a_class_of_twenty_and_opens_its_sheet(person, live_idp, demo):
    page = person.page
    page.goto(f"{live_idp.url}/_mock/")
    page.get_by_test_id("nav-groups").click()
    page.get_by_label("Название класса").fill("Группа 7")
    page.get_by_label("Сколько учеников").fill("0")
    page.get_by_test_id("class-create").click()
    expect(page.get_by_test_id("error-summary")).to_contain_text("от 1 до 99")
    expect(page.get_by_label("Название класса")).to_have_value("Группа 7")
    page.get_by_label("Сколько учеников").fill("20")
    page.get_by_test_id("class-create").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Класс «Группа 7»")
    seats = page.get_by_test_id("group-people").locator("tbody tr")
    expect(seats).to_have_count(20 * 7)  # each trainee gets the seven demo personas
    page.get_by_test_id("class-sheet").click()
    expect(page.get_by_test_id("sheet-password")).to_have_text("Demo2026!")
    expect(page.get_by_test_id("sheet-table").locator("tbody tr")).to_have_count(20)
    expect(page.get_by_test_id("sheet-outbox")).to_contain_text("/outbox")
    person.assert_quiet_console()


def test_the_class_sheet_of_twenty_prints_on_one_a4_page(chromium, live_idp, demo):
    group = new_group(live_idp.url, "Класс для печати", 20)
    context = chromium.new_context(locale="ru-RU")
    try:
        page = context.new_page()
        page.goto(f"{live_idp.url}/_mock/groups/{group['id']}/sheet")
        page.emulate_media(media="print")
        expect(page.get_by_role("banner")).to_be_hidden()
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    finally:
        context.close()


def class_pages(idp_url: str) -> list[str]:
    group = new_group(idp_url, "Класс для проверки", 20)
    base = f"{idp_url}/_mock/groups"
    return [base, f"{base}/{group['id']}", f"{base}/{group['id']}/sheet",
            f"{base}/{group['id']}/outbox", f"{base}/{group['id']}/reset"]  # fmt: skip


@pytest.mark.parametrize("width", [1280, 320])
def test_the_class_pages_pass_axe(chromium, live_idp, demo, width):
    with audit_page(chromium, width) as page:
        for url in class_pages(live_idp.url):
            page.goto(url)
            assert serious_violations(page) == [], url


def test_the_class_pages_keep_to_the_page_budgets(live_idp, demo):
    visitor = Visitor("trainer", live_idp.url, live_idp.url)
    for url in class_pages(live_idp.url):
        visit = visitor.page(url)
        assert visit.wire.encoding == "gzip", url
        assert visit.first_visit <= FIRST_VISIT and visit.repeat_visit <= REPEAT_VISIT, (
            url, visit.first_visit, visit.repeat_visit
        )  # fmt: skip
