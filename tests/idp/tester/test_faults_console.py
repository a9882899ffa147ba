"""The console's faults page: arming and clearing a fault, and a bad one explained."""

from tests.support.drivers import submit
from tests.support.pages import Page

API = "/_mock/api"


def test_the_faults_page_arms_and_clears_a_fault(client):
    response = submit(
        client, "/_mock/faults", "/_mock/faults", kind="http_error", path="/", times="1"
    )
    assert response.status_code == 303
    (fault,) = client.get(f"{API}/faults").get_json()
    submit(client, "/_mock/faults", f"/_mock/faults/{fault['id']}/clear")
    assert client.get(f"{API}/faults").get_json() == []


def test_a_bad_fault_is_explained_next_to_its_field(client):
    response = submit(client, "/_mock/faults", "/_mock/faults", kind="bad_token", defect="")
    assert response.status_code == 422 and Page(response).field_error("defect")


FAULTS = "/_mock/faults"


def test_the_console_links_to_the_faults_page(client):
    link = Page(client.get("/_mock/")).testid("nav-faults")
    assert link is not None and link["href"] == FAULTS


def test_an_armed_fault_is_listed_until_switched_off(client):
    response = submit(client, FAULTS, kind="http_error", path="/aas/oauth2/te", status="503")
    assert response.status_code == 303 and response.headers["Location"] == FAULTS
    page = Page(client.get(FAULTS))
    assert "Сбой включён" in page.flashes and "/aas/oauth2/te" in page.text
    [fault] = client.get("/_mock/api/faults").get_json()
    cleared = submit(client, FAULTS, f"{FAULTS}/{fault['id']}/clear")
    assert cleared.status_code == 303 and "Сбоев нет" in Page(client.get(FAULTS)).text


def test_an_unknown_esia_code_is_told_next_to_its_field_and_the_form_keeps_it(client):
    response = submit(client, FAULTS, kind="esia_error", path="/aas/oauth2/ac", code="ESIA-000000")
    assert response.status_code == 422 and Page(response).field_error("code")
    kept = Page(response).form(FAULTS).fields
    assert kept["code"] == "ESIA-000000" and kept["path"] == "/aas/oauth2/ac"
    assert client.get("/_mock/api/faults").get_json() == []


def test_switching_off_an_unknown_fault_is_not_found(client):
    assert submit(client, FAULTS, f"{FAULTS}/999/clear").status_code == 404
