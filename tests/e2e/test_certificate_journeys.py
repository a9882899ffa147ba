"""The journeys of a certificate near or past its end, in Chromium with JavaScript off and on.

Петров (certificate ends in 20 days) goes from the login through «Аккредитация» to a sent
periodic application, uploading each document the page says is missing. Морозов (certificate
ended 30 days ago) lands in a restricted cabinet, not in a loop back to the checklist, and
starts the primary specialized application that restores the right to work.
"""

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests import files
from tests.support.in_browser import expect_landed, log_in_to_cabinet

pytestmark = pytest.mark.browser

PETROV_PHONE, PETROV = "+79161234502", "Петров Алексей Викторович"
MOROZOV_PHONE = "+79161234507"
ENDS = date.today() + timedelta(days=20)
PERIODIC_DOCUMENTS = ("passport", "snils", "diploma", "certificate", "qualification", "portfolio")
SIMPLE = {  # code: (number, issue date)
    "passport": ("45 10 654321", "12.05.2016"),
    "snils": ("112-233-402 XX", "01.09.2004"),
    "diploma": ("ВСА 0412345", "30.06.2009"),
    "qualification": ("772412345679", "10.03.2025"),
    "portfolio": (None, "01.11.2026"),
}
NUMBER = re.compile(r"АК-\d{4}-\d{6}")


def enter_date(field: Locator, day: str) -> None:
    """Type a date as printed; a date picker gets the same day in the form it sends."""
    if field.get_attribute("type") == "date":
        field.fill(datetime.strptime(day, "%d.%m.%Y").date().isoformat())
    else:
        field.fill(day)


def open_accreditation(page: Page) -> None:
    page.get_by_role("navigation", name="Разделы").get_by_role("link", name="Аккредитация").click()
    expect(page.get_by_role("heading", name="Аккредитация", level=1)).to_be_visible()


def first_procedure(page: Page) -> Locator:
    return page.locator('section[data-testid^="procedure-"]').first


def upload_missing(page: Page, code: str, folder: Path) -> None:
    """From «Аккредитация», the «Загрузить» link of a missing document, then its form."""
    page.get_by_test_id(f"upload-periodic-{code}").click()
    scan = folder / f"{code}.pdf"
    scan.write_bytes(files.pdf())
    page.get_by_test_id("file-input").set_input_files(scan)
    if code == "certificate":
        page.get_by_test_id("doc-number-input").fill("0377180000002")
        enter_date(page.get_by_test_id("issue-date-input"), "01.12.2021")
        enter_date(page.get_by_test_id("valid-until-input"), ENDS.strftime("%d.%m.%Y"))
        page.get_by_test_id("holder-name-input").fill(PETROV)
        enter_date(page.get_by_test_id("holder-birth-date-input"), "02.11.1979")
        signature = folder / "certificate.pdf.sig"
        signature.write_bytes(files.Signer().sign(scan.read_bytes()))
        page.get_by_test_id("signature-input").set_input_files(signature)
    else:
        number, issued = SIMPLE[code]
        if number:
            page.get_by_test_id("doc-number-input").fill(number)
        enter_date(page.get_by_test_id("issue-date-input"), issued)
    page.get_by_test_id("upload-submit").click()
    expect(page.get_by_test_id("document-status")).to_have_text("Загружен")
    open_accreditation(page)
    expect(page.get_by_test_id(f"required-periodic-{code}")).to_contain_text(scan.name)


def next_step(page: Page, number: int) -> None:
    heading = page.get_by_role("heading", name=re.compile(f"^Шаг {number} из 5"), level=1)
    expect(heading).to_be_visible()
    page.get_by_test_id("step-submit").click()


def fill_periodic(page: Page) -> None:
    page.get_by_test_id("confirm-input").check()
    next_step(page, 1)
    next_step(page, 2)
    page.get_by_test_id("specialty-input").select_option(label="Хирургия")
    page.get_by_test_id("workplace-input").fill("ГБУЗ «Городская поликлиника № 2 ДЗМ»")
    page.get_by_test_id("licence-input").fill("Л041-01137-77/00368012")
    next_step(page, 3)
    for code in PERIODIC_DOCUMENTS:  # each uploaded one is attached in its row of step 4
        expect(page.get_by_test_id(f"{code}-present")).to_be_visible()
    page.get_by_test_id("pd-consent-input").check()
    next_step(page, 4)
    page.get_by_test_id("confirm-input").check()
    expect(page.get_by_test_id("step-submit")).to_have_text("Отправить")
    page.get_by_test_id("step-submit").click()


def test_petrov_goes_from_login_to_a_sent_periodic_application(
    person, live_portal, http, tmp_path
):
    page = log_in_to_cabinet(person, live_portal, http, PETROV_PHONE)
    attention = page.get_by_role("region", name="Требует внимания")
    expect(attention.get_by_test_id("check-certificate")).to_contain_text(f"до {ENDS:%d.%m.%Y}")
    attention.get_by_test_id("check-certificate-link").click()
    expect(page.get_by_role("heading", name="Аккредитация", level=1)).to_be_visible()
    expect(first_procedure(page)).to_have_attribute("data-testid", "procedure-periodic")
    expect(page.get_by_test_id("procedure-deadline")).to_contain_text(f"{ENDS:%d.%m.%Y}")
    for code in PERIODIC_DOCUMENTS:
        upload_missing(page, code, tmp_path)
    page.get_by_test_id("start-periodic").click()
    fill_periodic(page)
    heading = page.get_by_role("heading", name=NUMBER, level=1)
    expect(heading).to_be_visible()
    expect(page.get_by_test_id("application-status")).to_have_text("Зарегистрировано")
    number = NUMBER.search(heading.inner_text()).group(0)
    open_accreditation(page)
    expect(page.get_by_test_id("current-procedures")).to_contain_text(number)
    person.assert_quiet_console()


def test_a_doctor_with_an_ended_certificate_starts_the_application_that_restores_it(
    person, live_portal, http
):
    page = log_in_to_cabinet(person, live_portal, http, MOROZOV_PHONE)
    expect_landed(page, live_portal.url + "/cabinet/")
    expect(page.get_by_test_id("restricted-cabinet")).to_contain_text("Кабинет открыт не полностью")
    page.get_by_test_id("restricted-apply").click()
    expect(page.get_by_role("heading", name="Аккредитация", level=1)).to_be_visible()
    expect(first_procedure(page)).to_have_attribute(
        "data-testid", "procedure-primary_specialized"
    )
    expect(page.get_by_test_id("start-periodic")).to_have_count(0)
    expect(page.get_by_test_id("procedure-closed")).to_contain_text("больше недоступна")
    page.get_by_test_id("start-primary_specialized").click()
    expect(page).to_have_url(re.compile(r"/cabinet/applications/\d+/step/1$"))
    expect(page.get_by_role("heading", name=re.compile("^Шаг 1 из 5"), level=1)).to_be_visible()
    page.get_by_role("navigation", name="Разделы").get_by_role("link", name="Мои заявки").click()
    expect(page.get_by_role("heading", name="Мои заявки", level=1)).to_be_visible()
    person.assert_quiet_console()
