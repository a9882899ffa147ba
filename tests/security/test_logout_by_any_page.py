"""Any page on the web could log a person out of the simulator with an <img> or a link to its
logout address. A GET logs out only for a registered client returning to its registered
address; any other GET asks «Выйти из Госуслуг?» and a POST with the form's token logs out."""

import pytest

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import api, tokens_for
from tests.support.pages import Page

ESIA, OIDC = "/idp/ext/Logout", "/oidc/logout"
FOREIGN_GETS = [
    (ESIA, {}),
    (ESIA, {"client_id": "TESTRP"}),
    (ESIA, {"client_id": "NOBODY", "redirect_url": "http://rp.example.test/after"}),
    (ESIA, {"client_id": "TESTRP", "redirect_url": "http://evil.example/after"}),
    (ESIA, {"redirect_url": "http://rp.example.test/after"}),
    (OIDC, {}),
    (OIDC, {"client_id": "TESTRP"}),
]


def still_logged_in(client, demo, token) -> bool:
    return api(client, f"/rs/prns/{demo[DOCTOR_PHONE]}", token).status_code == 200


# ASVS 5.0 3.5.3 (no sensitive action by GET), 10.6.2 (forced logout); OIDC RP-initiated
# logout 1.0 §2 (the OP asks the person when the request may not come from the RP)
@pytest.mark.parametrize(("path", "query"), FOREIGN_GETS)
def test_a_foreign_page_cannot_log_the_person_out(app, client, registered, demo, path, query):
    token = tokens_for(app, registered, client=client)["access_token"]
    response = client.get(path, query_string=query)
    assert response.status_code == 200 and "Location" not in response.headers
    page = Page(response)
    assert page.h1 == "Выйти из Госуслуг?" and page.testid("logout-confirm") is not None
    assert still_logged_in(client, demo, token)


@pytest.mark.parametrize("path", [ESIA, OIDC])
def test_the_confirmation_logs_out_with_its_token(app, client, registered, demo, path):
    token = tokens_for(app, registered, client=client)["access_token"]
    form = Page(client.get(path)).form(path)
    done = client.post(path, data={"csrf_token": form.csrf_token})
    assert done.status_code == 303
    assert "Вы вышли" in Page(client.get(done.headers["Location"])).text
    assert not still_logged_in(client, demo, token)


@pytest.mark.parametrize("path", [ESIA, OIDC])
def test_a_cross_site_post_without_the_token_does_not_log_out(
    app, client, registered, demo, path
):
    token = tokens_for(app, registered, client=client)["access_token"]
    assert client.post(path).status_code == 400
    assert still_logged_in(client, demo, token)


def test_the_registered_client_still_logs_out_by_get_as_esia_does(app, client, registered, demo):
    token = tokens_for(app, registered, client=client)["access_token"]
    target = "http://rp.example.test/after"
    response = client.get(ESIA, query_string={"client_id": "TESTRP", "redirect_url": target})
    assert response.headers["Location"] == target
    assert not still_logged_in(client, demo, token)
