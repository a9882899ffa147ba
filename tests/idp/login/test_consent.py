"""The consent page after a login: what the site asks for, in Russian, and a refusal."""

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import latest_code, query_of
from tests.support.pages import Page


def test_consent_lists_the_requested_data_in_russian(browser, client, registered, demo):
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    browser.enter_code(latest_code(client, DOCTOR_PHONE))
    response = client.get(browser.login_url.replace("/login?", "/consent?"))
    page = Page(response)
    for words in ("Фамилия, имя и отчество", "СНИЛС", "Дата рождения", "Паспорт"):
        assert words in Page(page).text
    assert "openid" not in response.text
    assert page.testid("consent-allow") is not None and page.testid("consent-deny") is not None


def test_refusing_consent_sends_access_denied_back_to_the_client(browser, client, registered, demo):
    params = registered.v1_params()
    browser.start(params)
    browser.password(DOCTOR_PHONE)
    browser.enter_code(latest_code(client, DOCTOR_PHONE))
    result = query_of(browser.consent("deny").headers["Location"])
    assert result["error"] == "access_denied"
    assert result["error_description"].startswith("ESIA-007004: ")
    assert result["state"] == params["state"]


def test_the_consent_page_needs_a_finished_login(browser, client, registered, demo):
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    page = client.get(browser.login_url.replace("/login?", "/consent?"))
    assert page.status_code == 303 and "/login?" in page.headers["Location"]
