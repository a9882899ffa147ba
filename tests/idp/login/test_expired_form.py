"""An expired form on a POST-only simulator address goes back to the page it was on."""

from urllib.parse import urlsplit

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import step_of
from tests.support.pages import Page

HOST = "http://localhost"


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def post_expired(client, action: str, page: str):
    """The button's POST with a token the server no longer accepts, from `page`."""
    return client.post(action, data={"csrf_token": "expired"}, headers={"Referer": HOST + page})


def test_an_expired_resend_button_returns_to_the_sms_code_page(browser, registered, demo):
    browser.start(registered.v1_params())
    assert step_of(browser.password(DOCTOR_PHONE)) == "/login/code"
    code_page = path_of(browser.code_url())
    resend = code_page.replace("/login/code?", "/login/code/resend?")
    assert browser.client.get(resend).status_code == 405  # the address itself is POST-only
    response = post_expired(browser.client, resend, code_page)
    assert response.status_code == 303 and response.headers["Location"] == code_page
    page = browser.client.get(response.headers["Location"])
    assert page.status_code == 200 and "Форма устарела" in page.text
    assert 'data-testid="code-input"' in page.text


def test_an_expired_console_button_returns_to_its_console_page(client):
    assert client.get("/_mock/clock/reset").status_code == 405
    response = post_expired(client, "/_mock/clock/reset", "/_mock/clock")
    assert response.status_code == 303 and response.headers["Location"] == "/_mock/clock"
    page = client.get("/_mock/clock")
    assert page.status_code == 200 and "Форма устарела" in page.text


def test_an_expired_form_from_another_site_goes_to_the_front_page_not_there(client):
    response = client.post(
        "/_mock/clock/reset",
        data={"csrf_token": "expired"},
        headers={"Referer": "https://evil.example/_mock/clock"},
    )
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_a_fresh_token_still_goes_through(client):
    page = client.get("/_mock/clock")
    response = client.post("/_mock/clock/reset", data={"csrf_token": Page(page.text).csrf_token})
    assert response.status_code == 303 and response.headers["Location"] == "/_mock/clock"
