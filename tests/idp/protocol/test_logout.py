"""The ESIA logout (/idp/ext/Logout): where it returns to, and that it ends the SSO session
and its tokens."""


import pytest

from tests.support.constants import DOCTOR_PHONE, OTHER_DOCTOR_PHONE
from tests.support.drivers import (
    GosuslugiUser,
    api,
    assert_unauthorized,
    query_of,
    step_of,
    tokens_for,
)
from tests.support.pages import Page

LOGOUT = "/idp/ext/Logout"
BACK_TO_TESTRP = {"client_id": "TESTRP", "redirect_url": "http://rp.example.test/after"}


def test_logout_returns_to_a_url_on_the_clients_registered_host(app, client, registered, demo):
    tokens_for(app, registered, client=client)
    response = client.get(
        LOGOUT, query_string={"client_id": "TESTRP", "redirect_url": "http://rp.example.test/after"}
    )
    assert response.status_code in (302, 303)
    assert response.headers["Location"] == "http://rp.example.test/after"


def test_logout_ends_the_sso_session_so_the_next_login_asks_for_the_password(
    app, client, registered, demo
):
    tokens_for(app, registered, client=client)
    browser = GosuslugiUser(client)
    back = browser.start(registered.v1_params())  # SSO, consent given: back with a code at once
    assert "code" in query_of(step_of(back))
    client.get(
        LOGOUT, query_string={"client_id": "TESTRP", "redirect_url": "http://rp.example.test/after"}
    )
    browser.start(registered.v1_params())
    page = client.get(browser.login_url)
    assert page.status_code == 200
    assert Page(page).h1 == "Вход" and "password" in Page(page).form().names
    consent = client.get(browser.login_url.replace("/login?", "/consent?"))
    assert consent.status_code == 303 and "/login?" in consent.headers["Location"]


def test_logout_ends_the_sso_session_on_the_server_not_only_in_the_cookie(
    app, client, registered, demo
):
    tokens_for(app, registered, client=client)
    before_logout = client.get_cookie("esia_session").value
    client.get(LOGOUT, query_string=BACK_TO_TESTRP)
    client.set_cookie("esia_session", before_logout)
    browser = GosuslugiUser(client)
    browser.start(registered.v1_params())
    page = client.get(browser.login_url)
    assert page.status_code == 200 and "password" in Page(page).form().names


def test_logout_revokes_the_access_token_of_the_session(app, client, registered, demo):
    oid = demo[DOCTOR_PHONE]
    token = tokens_for(app, registered, client=client)["access_token"]
    other_browser_token = tokens_for(app, registered, OTHER_DOCTOR_PHONE)["access_token"]
    assert api(client, f"/rs/prns/{oid}", token).status_code == 200
    client.get(
        LOGOUT, query_string={"client_id": "TESTRP", "redirect_url": "http://rp.example.test/after"}
    )
    assert_unauthorized(api(client, f"/rs/prns/{oid}", token))
    surgeon = api(client, f"/rs/prns/{demo[OTHER_DOCTOR_PHONE]}", other_browser_token)
    assert surgeon.status_code == 200


def test_a_new_login_after_logout_works_again(app, client, registered, demo):
    tokens_for(app, registered, client=client)
    client.get(LOGOUT, query_string=BACK_TO_TESTRP)
    fresh = tokens_for(app, registered, client=client)["access_token"]
    assert api(client, f"/rs/prns/{demo[DOCTOR_PHONE]}", fresh).status_code == 200


@pytest.mark.parametrize(
    ("client_id", "url"),
    [
        ("TESTRP", "http://evil.example/after"),
        ("TESTRP", "http://rp.example.test.evil.example/after"),
        ("TESTRP", "https://rp.example.test@evil.example/after"),
        ("TESTRP", "//rp.example.test/after"),
        ("TESTRP", "javascript:alert(1)"),
        ("TESTRP", ""),
        ("UNKNOWN", "http://rp.example.test/after"),
    ],
)
def test_logout_does_not_follow_a_url_off_the_clients_hosts(
    app, client, registered, demo, client_id, url
):
    oid = demo[DOCTOR_PHONE]
    token = tokens_for(app, registered, client=client)["access_token"]
    response = client.get(LOGOUT, query_string={"client_id": client_id, "redirect_url": url})
    assert response.status_code == 200
    assert "Location" not in response.headers
    assert Page(response).h1 == "Выйти из Госуслуг?"
    confirmed = client.post(LOGOUT, data={"csrf_token": Page(response).form(LOGOUT).csrf_token})
    assert confirmed.status_code == 303 and confirmed.headers["Location"].endswith(LOGOUT)
    assert "Вы вышли" in Page(client.get(confirmed.headers["Location"])).text
    assert_unauthorized(api(client, f"/rs/prns/{oid}", token))


def test_logout_without_a_session_still_says_you_are_out(client, registered):
    response = client.get(LOGOUT)
    assert response.status_code == 200 and "Вы вышли" in Page(response).text
