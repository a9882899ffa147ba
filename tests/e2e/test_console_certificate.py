"""A trainer gives a person a new e-signature certificate from the console in Chromium, the
stand's GOST demo root issues it, and the person logs in with it by signature."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.constants import DEMO_PIN, DOCTOR_PHONE
from tests.support.in_browser import allow_and_return

pytestmark = pytest.mark.browser


def test_a_certificate_issued_in_the_console_logs_the_person_in(person, relying_party, http, demo):
    page, oid = person.page, demo[DOCTOR_PHONE]
    page.goto(f"{relying_party.idp_url}/_mock/personas/{oid}")
    page.get_by_test_id("certificate-label-input").fill("Выдан на занятии")
    page.get_by_test_id("certificate-add").click()
    expect(page.get_by_text("Сертификат добавлен")).to_be_visible()
    link = page.get_by_role("link", name=re.compile("Выдан на занятии"))
    container = http.get(relying_party.idp_url + link.get_attribute("href"), timeout=10).content

    url, state = relying_party.authorization_url()
    page.goto(url)
    page.get_by_test_id("login-by-signature").click()
    page.get_by_test_id("install-certificate").click()
    file = {"name": "issued.p12", "mimeType": "application/x-pkcs12", "buffer": container}
    page.get_by_test_id("container-input").set_input_files(file)
    page.get_by_test_id("install-pin-input").fill(DEMO_PIN)
    page.get_by_test_id("install-submit").click()
    expect(page.get_by_role("heading", name="Вход с электронной подписью")).to_be_visible()
    page.get_by_test_id("cert-1").check()
    page.get_by_test_id("pin-input").fill(DEMO_PIN)
    page.get_by_test_id("signature-submit").click()
    page.get_by_test_id("consent-allow").wait_for()
    expect(page.get_by_text("Вы входите как Иванова", exact=False)).to_be_visible()
    allow_and_return(person, relying_party, state)
