"""A tester creates a person and changes their registry facts from the console in Chromium,
JavaScript off and on; the pages pass axe, fit a 375 px phone and keep to the page budgets."""


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
from tests.support.constants import DOCTOR_PHONE
from tests.support.site import Visitor

pytestmark = pytest.mark.browser



def fill_new_person(page: Page, **changes: str) -> None:
    values = {
        "last-name": "Орлова",
        "first-name": "Вера",
        "birth-date": "1988-04-12",
        "phone": "+79161110077",
        "snils": "223-344-556 39",
        "password": "Strong-Pass1!",
        **changes,
    }
    for name, value in values.items():
        page.get_by_test_id(f"{name}-input").fill(value)


def test_a_tester_creates_a_person_from_the_form(person, live_idp, demo):
    page = person.page
    page.goto(f"{live_idp.url}/_mock/personas")
    page.get_by_test_id("persona-new").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Новый пользователь")
    fill_new_person(page)
    page.get_by_test_id("reviewer-input").check()
    page.get_by_test_id("persona-create").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Орлова Вера")
    expect(page.get_by_text("Пользователь создан")).to_be_visible()
    expect(page.get_by_test_id("snils-input")).to_have_value("22334455639")
    expect(page.get_by_test_id("reviewer-input")).to_be_checked()
    person.assert_quiet_console()


def test_a_bad_field_is_told_next_to_it_with_everything_typed_kept(person, live_idp, demo):
    page = person.page
    page.goto(f"{live_idp.url}/_mock/personas/new")
    fill_new_person(page, **{"last-name": "", "snils": "223-344-556 00"})
    page.get_by_test_id("persona-create").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_contain_text("Введите фамилию")
    expect(page.locator("#snils-error")).to_contain_text("контрольного числа")
    expect(page.get_by_test_id("snils-input")).to_have_value("223-344-556 00")
    expect(page.get_by_test_id("first-name-input")).to_have_value("Вера")
    assert page.title().startswith("Ошибка")
    person.assert_quiet_console()


def test_a_tester_suspends_the_licence_and_the_registry_says_so(person, live_idp, demo, http):
    page = person.page
    page.goto(f"{live_idp.url}/_mock/personas/{demo[DOCTOR_PHONE]}")
    page.get_by_test_id("licence-status-input").select_option("suspended")
    page.get_by_test_id("certificate-valid-until-input").fill("2030-01-31")
    page.get_by_test_id("persona-save").click()
    expect(page.get_by_text("Изменения сохранены")).to_be_visible()
    expect(page.get_by_test_id("licence-status-input")).to_have_value("suspended")
    snils = page.get_by_test_id("snils-input").input_value()
    licence = http.get(f"{live_idp.url}/registries/licences/by-worker/{snils}", timeout=10)
    assert licence.json()["status"] == "suspended"
    worker = http.get(f"{live_idp.url}/registries/frmr/workers/{snils}", timeout=10).json()
    assert worker["certificates"][0]["valid_until"] == "2030-01-31"
    person.assert_quiet_console()


def test_an_sfr_mismatch_without_a_surname_is_told_next_to_it(person, live_idp, demo):
    page = person.page
    page.goto(f"{live_idp.url}/_mock/personas/{demo[DOCTOR_PHONE]}")
    page.get_by_test_id("sfr-input").select_option("mismatch")
    page.get_by_test_id("persona-save").click()
    expect(page.locator("#sfr_last_name-error")).to_have_text(
        "Введите фамилию, под которой СНИЛС записан в СФР"
    )
    expect(page.get_by_test_id("sfr-input")).to_have_value("mismatch")
    person.assert_quiet_console()


def console_pages(idp_url: str, oid: int) -> list[str]:
    return [f"{idp_url}/_mock/personas/new", f"{idp_url}/_mock/personas/{oid}"]


@pytest.mark.parametrize("width", [1280, PHONE["width"]])
def test_the_person_forms_pass_axe_and_fit_the_screen(chromium, live_idp, demo, width):
    with audit_page(chromium, width) as page:
        for url in console_pages(live_idp.url, demo[DOCTOR_PHONE]):
            page.goto(url)
            page.get_by_test_id("last-name-input").fill("")
            page.get_by_role("button", name="Создать").or_(
                page.get_by_role("button", name="Сохранить")
            ).click()
            expect(page.get_by_test_id("error-summary")).to_be_visible()
            for state in ("with errors", "clean"):
                assert serious_violations(page) == [], (url, state)
                assert page.evaluate(WIDEST) <= width, (url, state)
                page.goto(url)


def test_the_person_forms_keep_to_the_page_budgets(live_idp, demo):
    visitor = Visitor("tester", live_idp.url, live_idp.url)
    for url in console_pages(live_idp.url, demo[DOCTOR_PHONE]):
        visit = visitor.page(url)
        assert visit.wire.encoding == "gzip", url
        assert visit.first_visit <= FIRST_VISIT and visit.repeat_visit <= REPEAT_VISIT, (
            url, visit.first_visit, visit.repeat_visit
        )  # fmt: skip
        print(url, visit.first_visit, visit.repeat_visit)
