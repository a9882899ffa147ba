"""An application goes from the doctor's wizard to the reviewer's decision, in Chromium.

The doctor and the reviewer each have a browser context of their own (so the simulator asks
each of them for the password), both with JavaScript off or both with it on. With JavaScript
on the doctor's open application page polls its status and changes in place; with it off the
page refreshes itself (`<noscript><meta http-equiv="refresh">`).
"""

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from pypdf import PdfReader

from tests import files
from tests.support.browsers import TIMEOUT_MS
from tests.support.constants import DOCTOR_NAME, REVIEWER_PHONE
from tests.support.in_browser import Person, expect_landed, log_in_to_cabinet
from tests.support.wizard_in_browser import enter_date, expect_step, next_step

pytestmark = pytest.mark.browser

SURNAME = "Иванова"
REASON = "Приложите диплом целиком"
NUMBER = re.compile(r"АК-\d{4}-\d{6}")
SPECIALTY = "Терапия"
WORKPLACE = "ГБУЗ «Городская поликлиника № 2»"
LICENCE = "Л041-01137-77/00368012"
UPLOADS = {  # code: (page heading, file name, number, issue date)
    "passport": ("Удостоверение личности", "Паспорт.pdf", "45 10 123456", "12.05.2016"),
    "snils": ("СНИЛС", "СНИЛС.pdf", "112-233-445 95", "01.09.2004"),
    "diploma": ("Диплом о медицинском образовании", "Диплом.pdf", "ВСА 0123456", "30.06.2009"),
}
POLL_WAIT_MS = 15_000  # the page polls every 5 s (JS on) or refreshes every 10 s (JS off)


@pytest.fixture
def reviewer_person(chromium: Browser, js_on: bool) -> Iterator[Person]:
    """A second person in a context of their own: no cookies shared with the doctor."""
    context = chromium.new_context(java_script_enabled=js_on, locale="ru-RU")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    person = Person(context.new_page())
    person.listen()
    yield person
    context.close()


def cabinet_url(live_portal, path: str) -> re.Pattern:
    return re.compile("^" + re.escape(live_portal.url + path) + r"(\?.*)?$")


def open_section(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Разделы").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()


def upload_document(page: Page, live_portal, code: str, scan: Path) -> None:
    """«Мои документы» → one kind of document → upload a scan with its number and date."""
    title, _, number, issued = UPLOADS[code]
    open_section(page, "Мои документы")
    page.get_by_test_id(f"doc-row-{code}").get_by_role("link").click()
    expect(page).to_have_url(f"{live_portal.url}/cabinet/documents/{code}")
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    field = page.get_by_test_id("file-input")
    kind = field.get_attribute("type")
    assert kind == "file", f"file-input is <input type={kind!r}>, a doctor cannot pick a file"
    field.set_input_files(scan)
    page.get_by_test_id("doc-number-input").fill(number)
    enter_date(page.get_by_test_id("issue-date-input"), issued)
    page.get_by_test_id("upload-submit").click()
    expect(page.get_by_test_id("document-status")).to_have_text("Загружен")
    expect(page.get_by_test_id("current-document")).to_contain_text(scan.name)


def send(page: Page) -> None:
    page.get_by_test_id("confirm-input").check()
    submit = page.get_by_test_id("step-submit")
    expect(submit).to_have_text("Отправить")
    submit.click()


def fill_the_wizard(page: Page, live_portal) -> None:
    """«Мои заявки» → «Подать заявление» → the five steps, filled in for the first time."""
    open_section(page, "Мои заявки")
    page.get_by_test_id("new-application").click()
    expect(page).to_have_url(live_portal.url + "/cabinet/applications/new")
    page.get_by_test_id("kind-primary").check()
    page.get_by_test_id("start-application").click()

    expect_step(page, 1, "Идентификация")
    expect(page.get_by_test_id("identity")).to_contain_text(DOCTOR_NAME)
    page.get_by_test_id("confirm-input").check()
    next_step(page)

    expect_step(page, 2, "Контактные данные")
    expect(page.get_by_test_id("phone-input")).not_to_have_value("")
    expect(page.get_by_test_id("email-input")).not_to_have_value("")
    next_step(page)

    expect_step(page, 3, "Профессиональная информация")
    page.get_by_test_id("specialty-input").select_option(label=SPECIALTY)
    page.get_by_test_id("workplace-input").fill(WORKPLACE)
    page.get_by_test_id("licence-input").fill(LICENCE)
    next_step(page)

    expect_step(page, 4, "Документы")
    for code, (_, name, _, _) in UPLOADS.items():
        expect(page.get_by_test_id(f"{code}-present")).to_contain_text(name)
    page.get_by_test_id("pd-consent-input").check()
    next_step(page)

    expect_step(page, 5, "Подтверждение")
    summary = page.get_by_test_id("summary")
    for value in (SPECIALTY, WORKPLACE, LICENCE, *(name for _, name, _, _ in UPLOADS.values())):
        expect(summary).to_contain_text(value)
    send(page)


def refill_the_wizard(page: Page, live_portal, number: str) -> None:
    """The returned application: every step keeps its values, the doctor just goes on."""
    page.get_by_test_id("fix-application").click()

    expect_step(page, 1, "Идентификация")
    expect(page.get_by_text(f"заявление {number}")).to_be_visible()
    page.get_by_test_id("confirm-input").check()
    next_step(page)

    expect_step(page, 2, "Контактные данные")
    expect(page.get_by_test_id("phone-input")).not_to_have_value("")
    next_step(page)

    expect_step(page, 3, "Профессиональная информация")
    specialty = page.get_by_test_id("specialty-input")
    expect(specialty.locator("option:checked")).to_have_text(SPECIALTY)
    expect(page.get_by_test_id("workplace-input")).to_have_value(WORKPLACE)
    expect(page.get_by_test_id("licence-input")).to_have_value(LICENCE)
    next_step(page)

    expect_step(page, 4, "Документы")
    for code, (_, name, _, _) in UPLOADS.items():
        expect(page.get_by_test_id(f"{code}-present")).to_contain_text(name)
    expect(page.get_by_test_id("pd-consent-input")).to_be_checked()
    next_step(page)

    expect_step(page, 5, "Подтверждение")
    send(page)


def expect_registered(page: Page, live_portal) -> str:
    """The application's own page right after sending; returns its number."""
    expect(page).to_have_url(re.compile(re.escape(live_portal.url) + r"/cabinet/applications/\d+$"))
    heading = page.get_by_role("heading", name=NUMBER, level=1)
    expect(heading).to_be_visible()
    number = NUMBER.search(heading.inner_text()).group(0)
    expect(page.get_by_role("status").filter(has_text="Заявление отправлено")).to_contain_text(
        number
    )
    expect(page.get_by_test_id("application-status")).to_have_text("Зарегистрировано")
    return number


def open_case(page: Page, live_portal, number: str) -> None:
    """The review console → «Очередь заявлений» → the row of this application."""
    page.goto(live_portal.url + "/review/")
    page.get_by_test_id("review-applications").click()
    expect(page).to_have_url(cabinet_url(live_portal, "/review/applications"))
    row = page.get_by_test_id("queue-row").filter(has_text=number)
    expect(row).to_contain_text(DOCTOR_NAME)
    expect(row).to_contain_text("Зарегистрировано")
    row.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", name=f"Заявление {number}", level=1)).to_be_visible()
    expect(page.get_by_test_id("case-status")).to_have_text("Зарегистрировано")


def take(page: Page) -> None:
    page.get_by_test_id("take-application").click()
    expect(page.get_by_role("status")).to_have_text("Заявление взято в работу")
    expect(page.get_by_test_id("case-status")).to_contain_text("На рассмотрении")


def decided(page: Page, number: str, status: str) -> None:
    expect(page.get_by_role("status")).to_have_text(f"Решение по заявлению {number} сохранено")
    expect(page.get_by_test_id("case-status")).to_contain_text(status)
    expect(page.get_by_test_id("approve")).to_have_count(0)


def open_my_application(page: Page, number: str, status: str) -> None:
    """«Мои заявки» → the row of this application, with its status → its page."""
    open_section(page, "Мои заявки")
    row = page.get_by_test_id("application-row").filter(has_text=number)
    expect(row.get_by_test_id("application-status")).to_have_text(status)
    row.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", name=f"Заявление {number}", level=1)).to_be_visible()


def downloaded(page: Page, link: Locator) -> tuple[bytes, str]:
    """Click a link that should download a file; the bytes and the name it is saved under."""
    try:
        with page.expect_download() as info:
            link.click()
    except PlaywrightTimeoutError as error:
        raise AssertionError(f"no download started: {error.message}") from error
    download = info.value
    assert download.failure() is None, download.failure()
    return Path(download.path()).read_bytes(), download.suggested_filename


def assert_the_extract(page) -> None:
    """The doctor downloads the extract: a PDF named for its registry number, with the name."""
    data, name = downloaded(page, page.get_by_test_id("get-extract"))
    assert data.startswith(b"%PDF"), data[:16]
    saved_as = re.fullmatch(r"Выписка (ДЕМО-\d{4}-\d{6})\.pdf", name)
    assert saved_as, name
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Выписка" in text and SURNAME in text and saved_as.group(1) in text, text


def return_for_fix(reviewer, live_portal, number: str) -> None:
    open_case(reviewer, live_portal, number)
    take(reviewer)
    reviewer.get_by_test_id("decision-reason-input").fill(REASON)
    reviewer.get_by_test_id("return-for-fix").click()
    decided(reviewer, number, "Требуется исправление")


def test_a_doctor_files_an_application_fixes_it_when_returned_and_downloads_the_extract(
    doctor, person, reviewer_person, live_portal, http, js_on, tmp_path
):
    page = doctor
    for code, (_, name, _, _) in UPLOADS.items():
        scan = tmp_path / name
        scan.write_bytes(files.pdf())
        upload_document(page, live_portal, code, scan)

    fill_the_wizard(page, live_portal)
    number = expect_registered(page, live_portal)

    reviewer = log_in_to_cabinet(reviewer_person, live_portal, http, REVIEWER_PHONE)
    expect_landed(reviewer, live_portal.url + "/review/")
    return_for_fix(reviewer, live_portal, number)

    open_my_application(page, number, "Требуется исправление")
    expect(page.get_by_test_id("application-status")).to_have_text("Требуется исправление")
    expect(page.get_by_test_id("decision-reason")).to_have_text(REASON)
    refill_the_wizard(page, live_portal, number)
    assert expect_registered(page, live_portal) == number
    expect(page.get_by_test_id("get-extract")).to_have_count(0)
    if js_on:
        page.evaluate("window.__marker = 1")

    open_case(reviewer, live_portal, number)
    take(reviewer)
    reviewer.get_by_test_id("approve").click()
    decided(reviewer, number, "Одобрено")

    # The doctor's page was open all along: it polls (JS on) or refreshes itself (JS off).
    status = page.get_by_test_id("application-status")
    expect(status).to_have_text("Одобрено", timeout=POLL_WAIT_MS)
    if js_on:
        assert page.evaluate("window.__marker") == 1, "the page was reloaded"
    expect(page.get_by_test_id("decision-reason")).to_have_count(0)
    assert_the_extract(page)

    person.assert_quiet_console()
    reviewer_person.assert_quiet_console()
