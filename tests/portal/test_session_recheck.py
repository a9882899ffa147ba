"""How the cabinet tells a person their session ended at ESIA: a page request is redirected to
the login page, an htmx request is told to load the login page whole (HX-Redirect), and the
login page says why; afterwards they return to the page they were on."""

import time

import pytest

from tests.support.constants import DOCTOR_PHONE
from tests.support.esia_recheck import change_person
from tests.support.pages import Page

ENDED = "Вход завершён: учётная запись на Госуслугах заблокирована или вход отменён"


@pytest.fixture
def blocked(signed_in, cabinet, live_idp, demo):
    """The demo doctor's browser, after ESIA blocked the account and the interval passed."""
    cabinet.config["ESIA_RECHECK_SECONDS"] = 1
    change_person(live_idp.url, demo[DOCTOR_PHONE], {"state": "blocked"})
    time.sleep(1.2)
    return signed_in


def test_a_boosted_link_is_told_to_load_the_login_page_whole(blocked):
    response = blocked.get(
        "/cabinet/notifications", headers={"HX-Request": "true", "HX-Boosted": "true"}
    )
    assert response.status_code == 204 and not response.data
    assert response.headers["HX-Redirect"] == "/?next=%2Fcabinet%2Fnotifications"
    assert ENDED in " ".join(Page(blocked.get(response.headers["HX-Redirect"])).flashes)


def test_a_poll_sends_the_person_back_to_the_page_around_it(blocked):
    response = blocked.get(
        "/cabinet/notifications",
        headers={"HX-Request": "true", "HX-Current-URL": "http://cabinet.test/cabinet/documents/"},
    )
    assert response.headers["HX-Redirect"] == "/?next=%2Fcabinet%2Fdocuments%2F"


def test_the_login_page_says_why_once_and_not_the_usual_words(blocked):
    page = Page(blocked.get("/cabinet/", follow_redirects=True))
    assert page.flashes == [
        "Вход завершён: учётная запись на Госуслугах заблокирована или вход отменён. Войдите снова."
    ]
    assert Page(blocked.get("/")).flashes == []


def test_an_ordinary_expired_session_still_asks_to_log_in(web):
    page = Page(web.get("/cabinet/", follow_redirects=True))
    assert page.flashes == ["Войдите через Госуслуги, чтобы открыть эту страницу."]
