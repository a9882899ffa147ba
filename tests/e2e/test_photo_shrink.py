"""A phone photo of a document shrinks in the browser before it travels (JavaScript on), stays
legible, and is checked by the server as any upload; without JavaScript the original goes up."""

import io
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from tests.support.photos import document_photo, likeness

pytestmark = pytest.mark.browser

PASSPORT = "Удостоверение личности"


def open_passport(page: Page, live_portal) -> None:
    page.goto(f"{live_portal.url}/cabinet/documents/passport")
    expect(page.get_by_role("heading", name=PASSPORT, level=1)).to_be_visible()


def fill_and_send(page: Page, photo: Path):
    """Choose the photo, fill the form, press «Загрузить»; the request that went up."""
    page.get_by_test_id("file-input").set_input_files(photo)
    page.get_by_test_id("doc-number-input").fill("4510 123456")
    day = page.get_by_test_id("issue-date-input")
    day.fill("2016-05-12" if day.get_attribute("type") == "date" else "12.05.2016")
    with page.expect_request(lambda request: request.method == "POST") as posted:
        page.get_by_test_id("upload-submit").click()  # waits while the photo shrinks
    return posted.value


def downloaded(page: Page, link: Locator) -> tuple[bytes, str]:
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.failure() is None
    return Path(download.path()).read_bytes(), download.suggested_filename


@pytest.fixture(scope="module")
def photo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("photos") / "паспорт.jpg"
    path.write_bytes(document_photo())
    return path


def test_a_phone_photo_goes_up_shrunk_with_js_and_whole_without(
    doctor, person, live_portal, js_on, photo
):
    page, original = doctor, photo.read_bytes()
    assert 4_000_000 < len(original) < 5 * 1024 * 1024
    open_passport(page, live_portal)
    fill_and_send(page, photo)
    expect(page.get_by_test_id("document-status")).to_have_text("Загружен")
    stored, name = downloaded(page, page.get_by_test_id("download"))
    if not js_on:
        assert stored == original
        person.assert_quiet_console()
        return
    assert len(stored) < 700_000 and name == "паспорт.jpg"
    shrunk = Image.open(io.BytesIO(stored))
    assert shrunk.format == "JPEG" and shrunk.size == (2000, 1500)
    similar = likeness(stored, original)
    assert similar["psnr"] >= 40 and similar["text"] >= 0.93, similar
    person.assert_quiet_console()


def test_a_file_that_will_not_decode_goes_up_as_it_is_and_the_server_refuses_it(
    doctor, live_portal, tmp_path
):
    page, broken = doctor, tmp_path / "photo.png"
    data = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2_000_000
    broken.write_bytes(data)
    open_passport(page, live_portal)
    fill_and_send(page, broken)
    expect(page.get_by_test_id("file-input")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("doc-number-input")).to_have_value("4510 123456")


def test_a_browser_that_cannot_rebuild_the_file_list_sends_the_original(doctor, live_portal, photo):
    """A browser without a constructible DataTransfer (older Safari) keeps the file as chosen."""
    page = doctor
    page.context.add_init_script("delete window.DataTransfer;")
    open_passport(page, live_portal)
    fill_and_send(page, photo)
    expect(page.get_by_test_id("document-status")).to_have_text("Загружен")
    assert downloaded(page, page.get_by_test_id("download"))[0] == photo.read_bytes()


def test_a_photo_with_a_detached_signature_is_never_redrawn(doctor, live_portal, photo):
    """The signature covers the file's bytes: the certificate's form keeps the photo as chosen
    (the script decides at once, on the change event, so nothing can start later)."""
    page = doctor
    page.goto(f"{live_portal.url}/cabinet/documents/certificate")
    field = page.get_by_test_id("file-input")
    field.set_input_files(photo)
    expect(page.locator("form[data-shrinking]")).to_have_count(0)
    expect(page.get_by_test_id("upload-submit")).to_be_enabled()
    assert field.evaluate("input => input.files[0].size") == photo.stat().st_size
