"""The application wizard as a doctor drives it in Chromium: start an application, pass the
first steps, upload a missing document from its row at step 4, and watch its progress bar."""

import re
from datetime import datetime
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

# Records every value and visibility the row's <progress> takes while htmx uploads the file.
WATCH_PROGRESS = """code => {
  window.__progress = [];
  const bar = document.getElementById(code + "-progress");
  new MutationObserver(() => window.__progress.push([bar.hidden, bar.value]))
    .observe(bar, {attributes: true});
}"""


def expect_step(page: Page, number: int, title: str) -> None:
    expect(page).to_have_url(re.compile(rf"/cabinet/applications/\d+/step/{number}$"))
    heading = page.get_by_role("heading", name=f"Шаг {number} из 5. {title}", level=1)
    expect(heading).to_be_visible()


def next_step(page: Page) -> None:
    submit = page.get_by_test_id("step-submit")
    expect(submit).to_have_text("Сохранить и продолжить")
    submit.click()


def enter_date(field: Locator, day: str) -> None:
    """Type a date as printed; a date picker gets the same day in the form it sends."""
    if field.get_attribute("type") == "date":
        field.fill(datetime.strptime(day, "%d.%m.%Y").date().isoformat())
    else:
        field.fill(day)


def start_application(page: Page, live_portal, kind: str = "primary") -> None:
    page.goto(live_portal.url + "/cabinet/applications/new")
    page.get_by_test_id(f"kind-{kind}").check()
    page.get_by_test_id("start-application").click()
    expect_step(page, 1, "Идентификация")


def pass_steps_one_to_three(page: Page) -> None:
    """Confirm the identity and take what ESIA and the registries filled in."""
    page.get_by_test_id("confirm-input").check()
    next_step(page)
    expect_step(page, 2, "Контактные данные")
    next_step(page)
    expect_step(page, 3, "Профессиональная информация")
    expect(page.get_by_test_id("licence-input")).not_to_have_value("")
    next_step(page)
    expect_step(page, 4, "Документы")


def row(page: Page, code: str) -> Locator:
    return page.get_by_test_id(f"required-{code}")


def upload_in_row(page: Page, code: str, scan: Path, number: str, issued: str) -> None:
    """Open the missing document's upload, fill it and press «Загрузить»."""
    opener = page.get_by_test_id(f"{code}-upload-open")
    if not page.get_by_test_id(f"{code}-upload-form").is_visible():
        opener.click()
    page.get_by_test_id(f"{code}-file-input").set_input_files(scan)
    number_input = page.get_by_test_id(f"{code}-doc-number-input")
    if number_input.count():
        number_input.fill(number)
    enter_date(page.get_by_test_id(f"{code}-issue-date-input"), issued)
    page.get_by_test_id(f"{code}-upload-submit").click()
    expect(page.get_by_test_id(f"{code}-present")).to_contain_text(scan.name)


def watch_progress(page: Page, code: str) -> None:
    page.evaluate(WATCH_PROGRESS, code)


def progress_seen(page: Page) -> list[tuple[bool, int]]:
    """(hidden, value) of the row's progress bar at each change, as the upload went."""
    return [tuple(change) for change in page.evaluate("window.__progress")]
