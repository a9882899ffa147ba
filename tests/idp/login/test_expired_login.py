"""A login transaction older than its lifetime goes back to its site with ESIA's error, as ESIA
does, so waiting out a lockout never ends on a dead page."""

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import query_of
from tests.support.pages import Page

API = "/_mock/api"
LOCKOUT_WAITED_OUT = 1820
RP_SITE = "http://rp.example.test/"


def lock(browser, phone=DOCTOR_PHONE):
    for _ in range(5):
        browser.password(phone, "Wrong-pass1")


def test_pressing_log_in_after_the_lockout_is_waited_out_returns_to_the_site(
    browser, client, registered, rp, demo
):
    params = registered.v1_params()
    browser.start(params)
    lock(browser)
    login_page = client.get(browser.login_url)  # the page the person waits on
    client.post(f"{API}/clock", json={"advance_seconds": LOCKOUT_WAITED_OUT})
    token = Page(login_page).csrf_token
    response = client.post(
        browser.login_url,
        data={"csrf_token": token, "login": DOCTOR_PHONE, "password": "Any-pass1"},
    )
    assert response.status_code == 302
    back = query_of(response.headers["Location"])
    assert response.headers["Location"].startswith(rp.redirect_uri)
    assert back["error"] == "access_denied" and back["state"] == params["state"]
    assert back["error_description"].startswith("ESIA-007004: ")
    assert "code" not in back


def test_an_expired_login_is_closed_after_it_went_back(browser, client, registered, demo):
    browser.start(registered.v1_params())
    client.post(f"{API}/clock", json={"advance_seconds": LOCKOUT_WAITED_OUT})
    assert client.get(browser.login_url).status_code == 302
    again = client.get(browser.login_url)
    assert again.status_code == 400
    link = Page(again).testid("back-to-site")
    assert link is not None and link["href"] == RP_SITE


def test_an_expired_status_poll_is_sent_back_by_htmx_not_by_a_redirect(
    browser, client, registered, demo
):
    browser.start(registered.v1_params())
    client.post(f"{API}/clock", json={"advance_seconds": LOCKOUT_WAITED_OUT})
    poll = client.get(browser.login_url, headers={"HX-Request": "true"})
    assert poll.status_code == 200
    assert query_of(poll.headers["HX-Redirect"])["error"] == "access_denied"


def test_another_browsers_login_is_not_sent_back_but_offers_its_site(
    app, browser, registered, demo
):
    browser.start(registered.v1_params())
    stranger = app.test_client().get(browser.login_url)
    assert stranger.status_code == 400 and "Location" not in stranger.headers
    assert Page(stranger).testid("back-to-site")["href"] == RP_SITE


def test_an_unknown_login_offers_the_front_page(client):
    page = client.get("/login?rid=nobody-knows-this")
    assert page.status_code == 400 and Page(page).testid("back-to-site") is None
    assert Page(page).testid("next-step").find("a")["href"] == "/"
