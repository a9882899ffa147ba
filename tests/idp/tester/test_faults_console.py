"""The faults console (view tester/console/faults.py, service tester/faults.py, page
console/faults.html)."""

from tests.conftest import csrf_from

FAULTS = "/_mock/faults"


def arm(client, **fields):
    token = csrf_from(client.get(FAULTS).text)
    return client.post(FAULTS, data={"csrf_token": token, **fields})


def test_the_console_links_to_the_faults_page(client):
    assert f'href="{FAULTS}" data-testid="nav-faults"' in client.get("/_mock/").text


def test_an_armed_fault_is_listed_until_switched_off(client):
    response = arm(client, kind="http_error", path="/aas/oauth2/te", status="503")
    assert response.status_code == 303 and response.headers["Location"] == FAULTS
    page = client.get(FAULTS).text
    assert "Сбой включён" in page and "/aas/oauth2/te" in page
    [fault] = client.get("/_mock/api/faults").get_json()
    cleared = client.post(f"{FAULTS}/{fault['id']}/clear", data={"csrf_token": csrf_from(page)})
    assert cleared.status_code == 303 and "Сбоев нет" in client.get(FAULTS).text


def test_an_unknown_esia_code_is_told_next_to_its_field_and_the_form_keeps_it(client):
    page = arm(client, kind="esia_error", path="/aas/oauth2/ac", code="ESIA-000000")
    assert page.status_code == 422 and 'id="code-error"' in page.text
    assert 'value="ESIA-000000"' in page.text and 'value="/aas/oauth2/ac"' in page.text
    assert client.get("/_mock/api/faults").get_json() == []


def test_switching_off_an_unknown_fault_is_not_found(client):
    token = csrf_from(client.get(FAULTS).text)
    assert client.post(f"{FAULTS}/999/clear", data={"csrf_token": token}).status_code == 404
