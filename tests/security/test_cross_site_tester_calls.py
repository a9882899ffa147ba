"""A web page a tester happens to visit cannot drive the stand: a browser's cross-site request to
the tester API (a form, a text/plain fetch, JSON from another origin) changes nothing, while
scripts, tests and the stand's own pages keep working.

See: ASVS 5.0 3.5.1 and 3.5.2 (a request that needs no CORS preflight must not reach a change).
"""

import json
from datetime import datetime

import pytest

import idp_mock
from idp_mock.models import Persona, db
from tests.support.constants import DOCTOR_PHONE

API = "/_mock/api"
EVIL = "http://evil.example"
CABINET = "http://cabinet.example:8000"
RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


def offset(client) -> int:
    return client.get(f"{API}/clock").get_json()["offset_seconds"]


@pytest.fixture
def moved(client, demo) -> int:
    """The clock an hour ahead: what a reset would undo."""
    assert client.post(f"{API}/clock", json={"advance_seconds": 3600}).status_code == 200
    return offset(client)


@pytest.fixture
def locked(app, demo) -> int:
    """The doctor locked out after failed passwords: what an unlock would lift."""
    with app.app_context():
        person = db.session.get(Persona, demo[DOCTOR_PHONE])
        person.failed_logins, person.locked_until = 5, datetime(2099, 1, 1)
        db.session.commit()
    return demo[DOCTOR_PHONE]


def assert_refused(response, status: int, field: str) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.get_json()["field"] == field
    assert set(response.get_json()["error"].lower()) & set(RUSSIAN)


def text_plain(client, path: str, **headers):
    """What a page's `fetch(url, {method: "POST", mode: "no-cors", body: "{}"})` sends."""
    return client.post(path, data="{}", content_type="text/plain;charset=UTF-8", headers=headers)


def form(client, path: str, **headers):
    """What a page's auto-submitted `<form method="post">` sends."""
    return client.post(path, data={"clients": "true"}, headers=headers)


@pytest.mark.parametrize("path", ["/clock/reset", "/reset"])
def test_a_text_plain_post_from_another_site_does_not_reset_the_stand(client, moved, path):
    assert_refused(text_plain(client, f"{API}{path}", Origin=EVIL), 403, "origin")
    assert offset(client) == moved


def test_a_text_plain_post_from_another_site_does_not_unlock_a_person(client, locked):
    response = text_plain(client, f"{API}/personas/{locked}/unlock", Origin=EVIL)
    assert_refused(response, 403, "origin")
    assert client.get(f"{API}/personas/{locked}").get_json()["locked_until"] is not None


def test_a_form_from_another_site_does_not_reset_the_stand(client, moved):
    assert_refused(form(client, f"{API}/reset", Origin=EVIL), 403, "origin")
    assert offset(client) == moved


def test_json_from_another_site_does_not_move_the_clock(client, moved):
    response = client.post(f"{API}/clock", json={"advance_seconds": 60}, headers={"Origin": EVIL})
    assert_refused(response, 403, "origin")
    assert offset(client) == moved


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
def test_other_changes_from_another_site_are_refused_too(client, demo, method):
    person = f"{API}/personas/{demo[DOCTOR_PHONE]}"
    before = client.get(person).get_json()
    response = client.open(
        person, method=method, json={"last_name": "Чужая"}, headers={"Origin": EVIL}
    )
    assert_refused(response, 403, "origin")
    assert client.get(person).get_json() == before


def test_a_sandboxed_page_with_a_null_origin_is_refused(client, moved):
    assert_refused(text_plain(client, f"{API}/reset", Origin="null"), 403, "origin")
    assert offset(client) == moved


def test_a_cross_site_request_without_an_origin_is_refused_by_its_fetch_metadata(client, moved):
    response = client.post(f"{API}/reset", headers={"Sec-Fetch-Site": "cross-site"})
    assert_refused(response, 403, "origin")
    assert offset(client) == moved


@pytest.mark.parametrize("send", [text_plain, form])
def test_a_body_that_is_not_json_is_refused_even_without_an_origin(client, moved, send):
    assert_refused(send(client, f"{API}/reset"), 415, "body")
    assert offset(client) == moved


def test_a_multipart_body_is_refused(client, moved):
    response = client.post(
        f"{API}/reset", data={"clients": "true"}, content_type="multipart/form-data"
    )
    assert_refused(response, 415, "body")
    assert offset(client) == moved


def test_reading_is_not_affected_by_the_origin(client):
    assert client.get(f"{API}/clock", headers={"Origin": EVIL}).status_code == 200


def test_a_script_without_an_origin_still_drives_the_stand(client, moved):
    assert client.post(f"{API}/clock/reset").status_code == 200
    assert client.post(f"{API}/clock", json={"advance_seconds": 60}).status_code == 200
    assert client.post(f"{API}/reset").status_code == 200
    assert offset(client) == 0


def test_a_json_body_without_a_content_type_still_reads_as_before(client, moved):
    response = client.post(f"{API}/clock", data=json.dumps({"advance_seconds": 60}))
    assert response.status_code == 422 and response.get_json()["field"] == "advance_seconds"


def test_the_stands_own_pages_still_drive_it(client, moved):
    own = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
    assert client.post(f"{API}/clock", json={"advance_seconds": 60}, headers=own).status_code == 200
    assert client.post(f"{API}/reset", headers=own).status_code == 200
    assert offset(client) == 0


def test_the_cabinets_configured_origin_may_drive_the_simulator(app, idp_config, client, moved):
    stand = idp_mock.create_app({**idp_config, "CABINET_URL": f"{CABINET}/"}).test_client()
    headers = {"Origin": CABINET, "Sec-Fetch-Site": "same-site"}
    assert stand.post(f"{API}/clock/reset", headers=headers).status_code == 200
    assert offset(client) == 0


def test_the_rule_is_in_the_openapi_document(client):
    document = client.get(f"{API}/openapi.json").get_json()
    assert "Origin" in document["info"]["description"]
    reset = document["paths"][f"{API}/reset"]["post"]["responses"]
    assert {"403", "415"} <= set(reset)
