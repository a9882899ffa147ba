"""A doctor with nothing in «Мои документы» uploads every required document right at step 4 of
the wizard, in Chromium: with JavaScript on each row changes in place with a progress bar, with
it off each upload returns to step 4. Then the confirmation names each document once."""

import pytest
from playwright.sync_api import expect

from tests import files
from tests.support.wizard_in_browser import (
    expect_step,
    next_step,
    pass_steps_one_to_three,
    progress_seen,
    row,
    start_application,
    upload_in_row,
    watch_progress,
)

pytestmark = pytest.mark.browser

UPLOADS = {  # code: (file name, number, issue date)
    "passport": ("Паспорт.pdf", "45 10 123456", "12.05.2016"),
    "snils": ("СНИЛС.pdf", "112-233-445 95", "01.09.2004"),
    "diploma": ("Диплом.pdf", "ВСА 0123456", "30.06.2009"),
}
TITLES = {
    "passport": "Удостоверение личности",
    "snils": "СНИЛС",
    "diploma": "Диплом о медицинском образовании",
}
PADDING = 3 * 1024 * 1024  # big enough for the browser to report upload progress


def press_upload_without_a_file(page) -> None:
    """The row says so next to the field and keeps the number typed."""
    page.get_by_test_id("diploma-upload-open").click()
    page.get_by_test_id("diploma-doc-number-input").fill("ВСА 0123456")
    page.get_by_test_id("diploma-upload-submit").click()
    expect(page.locator("#diploma-file-error")).to_have_text("Выберите файл")
    expect(page.get_by_test_id("diploma-doc-number-input")).to_have_value("ВСА 0123456")
    expect(page.get_by_role("alert")).to_contain_text("Выберите файл")


def test_every_required_document_is_uploaded_right_at_step_four(
    doctor, person, live_portal, js_on, tmp_path
):
    page = doctor
    start_application(page, live_portal)
    pass_steps_one_to_three(page)
    for code in UPLOADS:
        expect(page.get_by_test_id(f"{code}-missing")).to_contain_text("Не загружен")
    expect(page.get_by_text("новой вкладке")).to_have_count(0)
    if js_on:
        page.evaluate("window.__marker = 1")

    press_upload_without_a_file(page)
    for code, (name, number, issued) in UPLOADS.items():
        scan = tmp_path / name
        scan.write_bytes(files.pdf(padding=PADDING if code == "snils" else 0))
        if js_on and code == "snils":
            watch_progress(page, code)
        upload_in_row(page, code, scan, number, issued)
        expect(page.get_by_role("status").filter(has_text=TITLES[code])).to_contain_text(
            "загружен в «Мои документы»"
        )
        expect_step(page, 4, "Документы")
        if js_on and code == "snils":
            seen = progress_seen(page)
            assert (False, 100) in seen, f"the progress bar never showed the whole file: {seen}"

    if js_on:
        assert page.evaluate("window.__marker") == 1, "the page was reloaded"
    for code in UPLOADS:
        expect(row(page, code)).to_contain_text(UPLOADS[code][0])
    page.get_by_test_id("pd-consent-input").check()
    next_step(page)

    expect_step(page, 5, "Подтверждение")
    listed = page.get_by_test_id("summary-documents").get_by_role("listitem")
    expect(listed).to_have_text([f"{TITLES[c]}: {n}" for c, (n, _, _) in UPLOADS.items()])
    person.assert_quiet_console()
