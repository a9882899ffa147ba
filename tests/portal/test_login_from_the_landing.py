"""The login in fewer round trips: the landing's button is the signed authorize address itself,
and the callback answers the dashboard in place. A page left open, a second tab and a reload of
the address the login ended on all still end in the cabinet."""

import time
from urllib.parse import urlsplit

from portal import esia_client
from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import arrived_at, query_of
from tests.support.pages import Page

STALE_DESCRIPTION = "ESIA-007015: The request timestamp is invalid."


def test_the_landing_button_is_a_signed_authorize_address_this_browser_started(doctor, live_idp):
    url = doctor.landing_login_url()
    assert url.startswith(f"{live_idp.url}/aas/oauth2/v2/ac?")
    params = query_of(url)
    assert params["client_id"] == "MEDACCRED" and params["code_challenge_method"] == "S256"
    assert params["redirect_uri"].endswith("/login/esia/callback")
    assert doctor.login_states() == [params["state"]]


def test_no_shared_cache_keeps_the_landing_it_carries_this_browsers_login(web):
    response = web.get("/")
    assert response.headers["Cache-Control"] == "no-store"


def test_the_login_from_the_landing_answers_the_dashboard_at_the_callback(doctor):
    page = doctor.come_back(doctor.gosuslugi.approve(doctor.landing_login_url(), DOCTOR_PHONE))
    assert page.status_code == 200 and arrived_at(page) == "/cabinet/"
    assert "Иванова Мария Сергеевна" in Page(page).text
    assert Page(page).canonical == "/cabinet/"  # site.js puts it in the address bar
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["X-Robots-Tag"] == "noindex"
    assert doctor.login_states() == []


def test_the_dashboard_at_the_callback_address_links_and_posts_by_absolute_paths(doctor):
    page = Page(doctor.log_in(DOCTOR_PHONE))
    targets = [*page.hrefs, *(form.action for form in page.forms())]
    assert targets and "/cabinet/documents/" in targets
    relative = [t for t in targets if not t.startswith(("/", "#", "http://", "https://", "data:"))]
    assert relative == []
    assert page.form("/logout").csrf_token


def test_the_landing_remembers_the_page_the_doctor_asked_for(doctor):
    url = doctor.landing_login_url(next_path="/cabinet/notifications")
    response = doctor.come_back(doctor.gosuslugi.approve(url, DOCTOR_PHONE))
    assert response.status_code == 303
    assert response.headers["Location"] == "/cabinet/notifications"


def test_reloading_the_address_the_login_ended_on_goes_home(doctor):
    callback = doctor.gosuslugi.approve(doctor.landing_login_url(), DOCTOR_PHONE)
    assert doctor.come_back(callback).status_code == 200
    again = doctor.come_back(callback)
    assert again.status_code == 303 and again.headers["Location"] == "/cabinet/"
    assert Page(doctor.web.get("/cabinet/")).canonical is None


def test_a_landing_left_open_for_an_hour_still_logs_in(doctor, monkeypatch):
    an_hour_ago = time.time() - 3600
    with monkeypatch.context() as clock:
        clock.setattr(esia_client, "wall_clock", lambda: an_hour_ago)
        url = doctor.landing_login_url(next_path="/cabinet/notifications")
    refused = doctor.gosuslugi.session.get(url, allow_redirects=False, timeout=5)
    assert query_of(refused.headers["Location"])["error_description"] == STALE_DESCRIPTION
    again = doctor.come_back(refused.headers["Location"])
    assert again.status_code == 303
    assert again.headers["Location"] == "/login/esia?next=/cabinet/notifications"
    fresh = doctor.web.get(again.headers["Location"]).headers["Location"]
    response = doctor.come_back(doctor.gosuslugi.approve(fresh, DOCTOR_PHONE))
    assert arrived_at(response) == "/cabinet/notifications"


def test_a_fresh_request_refused_for_its_time_names_the_clocks_instead_of_looping(doctor):
    state = query_of(doctor.landing_login_url())["state"]
    page = doctor.web.get(
        "/login/esia/callback",
        query_string={"error": "invalid_request", "error_description": STALE_DESCRIPTION,
                      "state": state},
    )  # fmt: skip
    assert page.status_code == 400 and Page(page).text_of("error-code") == "ESIA-007015"
    assert "часы кабинета и Госуслуг расходятся" in Page(page).text
    assert Page(page).testid("login-retry")["href"] == "/login/esia"


def test_a_login_started_in_one_tab_survives_the_landing_opened_in_another(doctor):
    first_tab = doctor.landing_login_url()
    doctor.landing_login_url()
    page = doctor.come_back(doctor.gosuslugi.approve(first_tab, DOCTOR_PHONE))
    assert arrived_at(page) == "/cabinet/"


def test_only_the_last_three_logins_are_kept(doctor):
    states = [query_of(doctor.landing_login_url())["state"] for _ in range(5)]
    assert doctor.login_states() == states[-3:]


def test_a_refused_consent_from_the_landing_shows_why_with_a_retry(doctor):
    url = doctor.landing_login_url(next_path="/cabinet/notifications")
    page = doctor.come_back(doctor.gosuslugi.approve(url, DOCTOR_PHONE, decision="deny"))
    assert page.status_code == 200 and Page(page).text_of("error-code") == "ESIA-007004"
    retry = Page(page).testid("login-retry")["href"]
    assert urlsplit(retry).path == "/login/esia"
    assert query_of(retry)["next"] == "/cabinet/notifications"
    assert doctor.web.get("/cabinet/").status_code == 302
