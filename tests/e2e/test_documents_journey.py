"""A doctor keeps documents and education records in the real cabinet, in Chromium.

Each journey runs with JavaScript off (plain forms: POST, then 303 back to the page) and on
(htmx posts the upload form and swaps only `#document-block`; the page is never reloaded).
"""

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, Request, expect

from portal import pki
from tests import files
from tests.support.browsers import FAILED_LOAD
from tests.support.constants import DOCTOR_NAME
from tests.support.in_browser import Person

pytestmark = pytest.mark.browser

PASSPORT = "Удостоверение личности"
WRONG_FORMAT = "Загрузите файл в формате PDF, JPG или PNG"
UPLOADED = f"Документ «{PASSPORT}» загружен"



def saved(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def open_section(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Разделы").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()


def open_document(page: Page, live_portal, code: str, title: str) -> None:
    """«Мои документы» → the row of one kind of document → its page."""
    open_section(page, "Мои документы")
    page.get_by_test_id(f"doc-row-{code}").get_by_role("link").click()
    expect(page).to_have_url(f"{live_portal.url}/cabinet/documents/{code}")
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()


def iso(day: str) -> str:
    return datetime.strptime(day, "%d.%m.%Y").date().isoformat()


def enter_date(field: Locator, day: str) -> None:
    """Type a date as printed (12.05.2016); a date picker gets the same day, as it sends it."""
    field.fill(iso(day) if field.get_attribute("type") == "date" else day)


def expect_date(field: Locator, day: str) -> None:
    expect(field).to_have_value(iso(day) if field.get_attribute("type") == "date" else day)


def choose_file(page: Page, testid: str, path: Path) -> None:
    field = page.get_by_test_id(testid)
    kind = field.get_attribute("type")
    assert kind == "file", f"{testid} is <input type={kind!r}>: a doctor cannot pick a file"
    field.set_input_files(path)


def submit_upload(page: Page, js_on: bool, status: int) -> Request:
    """Press the upload button; check the form went through htmx (JS on) or as a page."""
    with page.expect_request(lambda request: request.method == "POST") as posted:
        page.get_by_test_id("upload-submit").click()
    request = posted.value
    response = request.response()
    assert response is not None
    if js_on:
        assert not request.is_navigation_request()
        assert request.headers.get("hx-request") == "true"
        assert request.headers.get("hx-target") == "document-block"
        assert response.status == (200 if status == 303 else status)
    else:
        assert request.is_navigation_request()
        assert response.status == status
        if status == 303:
            assert request.redirected_to is not None
            assert request.redirected_to.method == "GET"
            assert request.redirected_to.url == request.url
    return request


def upload_passport(page: Page, js_on: bool, scan: Path, number: str) -> None:
    choose_file(page, "file-input", scan)
    page.get_by_test_id("doc-number-input").fill(number)
    enter_date(page.get_by_test_id("issue-date-input"), "12.05.2016")
    submit_upload(page, js_on, 303)
    expect(page.get_by_test_id("document-status")).to_have_text("Загружен")


def downloaded(page: Page, link: Locator) -> tuple[bytes, str]:
    """Click a download link; the saved bytes and the name the browser was given."""
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.failure() is None, f"the download of {download.url} failed"
    return Path(download.path()).read_bytes(), download.suggested_filename


def assert_quiet_console_but_for(person: Person, answered: Request) -> None:
    """The console is quiet, except Chromium's «Failed to load resource» for a form answer
    the test has checked itself (htmx's 422: the status is the point, not a failure)."""
    person.console_errors[:] = [
        (text, url)
        for text, url in person.console_errors
        if not (text.startswith(FAILED_LOAD) and url == answered.url)
    ]
    person.assert_quiet_console()


def test_a_doctor_uploads_a_passport_scan_and_sees_it_uploaded(
    doctor, person, live_portal, js_on, tmp_path
):
    page = doctor
    open_document(page, live_portal, "passport", PASSPORT)
    expect(page.get_by_test_id("document-status")).to_have_count(0)
    form = page.locator("form").filter(has=page.get_by_test_id("upload-submit"))
    expect(form.locator("progress#upload-progress")).to_have_count(1)
    if js_on:
        page.evaluate("window.__marker = 1")

    upload_passport(page, js_on, saved(tmp_path, "Паспорт.pdf", files.pdf()), "4510 123456")

    current = page.get_by_test_id("current-document")
    expect(current).to_contain_text("Паспорт.pdf")
    expect(current).to_contain_text("4510 123456")
    expect(current).to_contain_text("12.05.2016")
    expect(page.get_by_test_id("upload-submit")).to_have_text("Обновить")
    expect(page).to_have_url(f"{live_portal.url}/cabinet/documents/passport")
    if js_on:
        assert page.evaluate("window.__marker") == 1, "the page was reloaded"
        expect(page.locator("#document-block form progress#upload-progress")).to_have_count(1)
    open_section(page, "Мои документы")
    expect(page.get_by_test_id("doc-row-passport")).to_contain_text("Загружен")
    person.assert_quiet_console()


def test_the_upload_is_confirmed_once_right_where_it_happened(
    request, doctor, person, live_portal, js_on, tmp_path
):
    page = doctor
    open_document(page, live_portal, "passport", PASSPORT)

    upload_passport(page, js_on, saved(tmp_path, "passport.pdf", files.pdf()), "4510 123456")

    expect(page.get_by_role("status").filter(has_text=UPLOADED)).to_have_count(1)
    open_section(page, "Мои документы")
    expect(page.get_by_role("status").filter(has_text=UPLOADED)).to_have_count(0)
    person.assert_quiet_console()


def test_replacing_a_document_keeps_the_first_version_and_both_download_byte_for_byte(
    doctor, person, live_portal, js_on, tmp_path
):
    page = doctor
    first, second = files.pdf(pages=1), files.pdf(pages=2)
    assert first != second
    open_document(page, live_portal, "passport", PASSPORT)
    upload_passport(page, js_on, saved(tmp_path, "passport-2016.pdf", first), "4510 123456")
    expect(page.get_by_test_id("versions")).to_have_count(0)

    expect(page.get_by_test_id("upload-submit")).to_have_text("Обновить")
    upload_passport(page, js_on, saved(tmp_path, "passport-copy.pdf", second), "4516 654321")

    versions = page.get_by_test_id("versions")
    expect(versions.get_by_role("listitem")).to_have_count(1)
    expect(versions).to_contain_text("Версия 1: passport-2016.pdf")
    current = page.get_by_test_id("current-document")
    expect(current).to_contain_text("passport-copy.pdf")
    expect(current).to_contain_text("4516 654321")
    assert downloaded(page, page.get_by_test_id("download")) == (second, "passport-copy.pdf")
    version_1 = versions.get_by_role("link", name="Скачать")
    assert downloaded(page, version_1) == (first, "passport-2016.pdf")
    expect(page).to_have_url(f"{live_portal.url}/cabinet/documents/passport")
    person.assert_quiet_console()


def test_an_executable_renamed_to_pdf_is_refused_next_to_the_field_and_the_number_is_kept(
    doctor, person, live_portal, js_on, tmp_path
):
    page = doctor
    open_document(page, live_portal, "passport", PASSPORT)
    choose_file(page, "file-input", saved(tmp_path, "passport.pdf", files.executable()))
    page.get_by_test_id("doc-number-input").fill("77 01 123456")
    enter_date(page.get_by_test_id("issue-date-input"), "12.05.2016")

    answered = submit_upload(page, js_on, 422)

    file_field = page.get_by_test_id("file-input")
    expect(file_field).to_have_attribute("aria-invalid", "true")
    expect(file_field).to_have_accessible_description(re.compile(WRONG_FORMAT))
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_have_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=WRONG_FORMAT)).to_have_attribute("href", "#file")
    expect(page.get_by_test_id("doc-number-input")).to_have_value("77 01 123456")
    expect_date(page.get_by_test_id("issue-date-input"), "12.05.2016")
    expect(page.get_by_test_id("document-status")).to_have_count(0)
    expect(page.get_by_test_id("upload-submit")).to_have_text("Загрузить")
    assert_quiet_console_but_for(person, answered)


def test_a_certificate_with_its_detached_signature_shows_who_signed_it(
    doctor, person, live_portal, js_on, tmp_path
):
    page = doctor
    scan = files.pdf()
    valid_until = (date.today() + timedelta(days=800)).strftime("%d.%m.%Y")
    open_document(
        page, live_portal, "certificate", "Сертификат специалиста или свидетельство об аккредитации"
    )

    choose_file(page, "file-input", saved(tmp_path, "scan.pdf", scan))
    page.get_by_test_id("doc-number-input").fill("0177240012345")
    enter_date(page.get_by_test_id("issue-date-input"), "10.01.2024")
    enter_date(page.get_by_test_id("valid-until-input"), valid_until)
    page.get_by_test_id("holder-name-input").fill(DOCTOR_NAME)
    enter_date(page.get_by_test_id("holder-birth-date-input"), "14.03.1986")
    with live_portal.app.app_context():
        demo_root = pki.demo_root()  # the signer's certificate comes from the stand's centre
    signer = files.Signer(DOCTOR_NAME, issuer=demo_root)
    signature = saved(tmp_path, "scan.pdf.sig", signer.sign(scan))
    choose_file(page, "signature-input", signature)
    submit_upload(page, js_on, 303)

    expect(page.get_by_test_id("document-status")).to_have_text("Загружен")
    signature_info = page.get_by_test_id("signature-info")
    expect(signature_info).to_contain_text(f"Проверена. Подписал: {DOCTOR_NAME}")
    expect(page.get_by_test_id("current-document")).to_contain_text(valid_until)
    person.assert_quiet_console()


def test_education_is_filled_from_frmr_and_a_wrong_diploma_number_is_named(
    doctor, person, live_portal, js_on
):
    page = doctor
    open_section(page, "Образование и квалификация")
    expect(page).to_have_url(f"{live_portal.url}/cabinet/education/")
    expect(page.get_by_test_id("education-record")).to_have_count(0)

    page.get_by_test_id("import-frmr").click()

    expect(page.get_by_role("status")).to_have_text("Из ФРМР добавлено записей: 4")
    expect(page.get_by_test_id("education-record")).to_have_count(4)
    hours = "Всего: 108 ч — требуется не меньше 144 ч"
    expect(page.get_by_role("progressbar", name=hours)).to_be_visible()
    expect(page.get_by_test_id("hours-verdict")).to_contain_text("нужно ещё 36 ч.")
    expect(page.get_by_test_id("mismatch")).to_have_count(0)

    page.get_by_test_id("kind-input").select_option(label="Диплом о медицинском образовании")
    page.get_by_test_id("number-input").fill("ВСА 9999999")
    enter_date(page.get_by_test_id("issue-date-input"), "30.06.2009")
    page.get_by_test_id("add-education").click()

    expect(page.get_by_test_id("education-record")).to_have_count(5)
    expect(page.get_by_test_id("mismatch")).to_contain_text("✗ Диплом: номер не совпадает с ФРМР")
    expect(page.get_by_test_id("hours-total")).to_have_accessible_name(hours)
    expect(page).to_have_url(f"{live_portal.url}/cabinet/education/")
    person.assert_quiet_console()
