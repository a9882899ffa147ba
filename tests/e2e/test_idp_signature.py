"""A person logs in with an electronic signature in Chromium, with JavaScript off and on."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.in_browser import allow_and_return

pytestmark = pytest.mark.browser


def test_an_expired_certificate_is_explained_and_a_valid_one_logs_in(person, relying_party, demo):
    page = person.page
    url, state = relying_party.authorization_url()
    page.goto(url)
    page.get_by_test_id("login-by-signature").click()
    expect(page.get_by_role("heading", name="Вход с электронной подписью")).to_be_visible()

    page.get_by_test_id("cert-2").check()
    page.get_by_test_id("signature-submit").click()
    expect(page).to_have_title(re.compile(r"^Ошибка: "))
    expect(page.locator("#certificate-error")).to_contain_text("Срок действия сертификата истёк")
    expect(page.get_by_test_id("cert-2")).to_be_checked()

    page.get_by_test_id("cert-1").check()
    page.get_by_test_id("signature-submit").click()
    page.wait_for_url(re.compile(r"/consent\?"))
    expect(page.get_by_text("Вы входите как Иванова", exact=False)).to_be_visible()
    allow_and_return(person, relying_party, state)
