"""A person logs in with an electronic signature in Chromium, with JavaScript off and on: the key
containers are imported into the browser with their PIN, then one signs the login."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.constants import DEMO_PIN, DOCTOR_PHONE
from tests.support.in_browser import allow_and_return

pytestmark = pytest.mark.browser


def containers(http, idp_url: str, oid: int) -> list[bytes]:
    """The person's key containers, as the training CA handed them out (tester API)."""
    listed = http.get(f"{idp_url}/_mock/api/personas/{oid}/certificates", timeout=10).json()
    return [http.get(c["container_url"], timeout=10).content for c in listed]


def import_container(page, data: bytes, pin: str = DEMO_PIN) -> None:
    page.get_by_test_id("install-certificate").click()
    expect(page.get_by_role("heading", name="Добавить сертификат")).to_be_visible()
    file = {"name": "ivanova.p12", "mimeType": "application/x-pkcs12", "buffer": data}
    page.get_by_test_id("container-input").set_input_files(file)
    page.get_by_test_id("install-pin-input").fill(pin)
    page.get_by_test_id("install-submit").click()
    expect(page.get_by_role("heading", name="Вход с электронной подписью")).to_be_visible()


def test_an_expired_certificate_is_explained_and_a_valid_one_logs_in(
    person, relying_party, http, demo
):
    page = person.page
    url, state = relying_party.authorization_url()
    page.goto(url)
    page.get_by_test_id("login-by-signature").click()
    expect(page.get_by_role("heading", name="Вход с электронной подписью")).to_be_visible()
    expect(page.get_by_test_id("no-certificates")).to_be_visible()
    for data in containers(http, relying_party.idp_url, demo[DOCTOR_PHONE]):
        import_container(page, data)

    page.get_by_test_id("cert-2").check()
    page.get_by_test_id("pin-input").fill(DEMO_PIN)
    page.get_by_test_id("signature-submit").click()
    expect(page).to_have_title(re.compile(r"^Ошибка: "))
    expect(page.locator("#certificate-error")).to_contain_text("Срок действия сертификата истёк")
    expect(page.get_by_test_id("cert-2")).to_be_checked()

    page.get_by_test_id("cert-1").check()
    page.get_by_test_id("pin-input").fill(DEMO_PIN)
    page.get_by_test_id("signature-submit").click()
    page.get_by_test_id("consent-allow").wait_for()
    expect(page.get_by_text("Вы входите как Иванова", exact=False)).to_be_visible()
    allow_and_return(person, relying_party, state)
