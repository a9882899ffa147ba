"""Every error page of the cabinet leads somewhere, and every way a login can end gives a way to
log in again: no page ends the journey."""

import pytest

from portal.login_failures import ESIA_MEANINGS
from tests.support.failures import FailurePage


def leads_on(response, path: str) -> bool:
    steps = FailurePage(response).next_steps
    return bool(steps) and all(step.split("?")[0] != path for step in steps)


@pytest.mark.parametrize(
    "path,status", [("/no-such-page", 404), ("/logout", 405)], ids=["404", "405"]
)
def test_each_error_page_offers_a_next_step(web, path, status):
    response = web.get(path)
    assert response.status_code == status and leads_on(response, path)


def test_a_page_that_is_not_yours_offers_a_next_step(signed_in):
    response = signed_in.get("/review/")
    assert response.status_code == 403 and leads_on(response, "/review/")


def test_a_bug_in_the_cabinet_offers_a_next_step(portal_app, cabinet_config):
    def fail():
        raise RuntimeError("a bug in the cabinet")

    portal_app.config.update(cabinet_config, PROPAGATE_EXCEPTIONS=False)
    portal_app.add_url_rule("/broken-for-the-test", "broken_for_the_test", fail)
    response = portal_app.test_client().get("/broken-for-the-test")
    assert response.status_code == 500 and leads_on(response, "/broken-for-the-test")
    assert FailurePage(response).reference


@pytest.mark.parametrize("code", sorted(ESIA_MEANINGS))
def test_every_esia_error_on_the_callback_ends_with_log_in_again(doctor, code):
    state = doctor.start_login().split("state=")[1].split("&")[0]
    description = f"{code}: whatever ESIA wrote"
    response = doctor.web.get(
        "/login/esia/callback",
        query_string={"error": "access_denied", "error_description": description, "state": state},
    )
    page = FailurePage(response)
    assert page.retry and page.retry.startswith("/login/esia")
    assert page.code == code and page.reference
    assert ESIA_MEANINGS[code].split(",")[0] in page.text


def test_an_unknown_esia_error_still_ends_with_log_in_again(doctor):
    state = doctor.start_login().split("state=")[1].split("&")[0]
    response = doctor.web.get(
        "/login/esia/callback", query_string={"error": "server_error", "state": state}
    )
    page = FailurePage(response)
    assert response.status_code == 400 and page.retry and page.code == "LK-ESIA-ERROR"
