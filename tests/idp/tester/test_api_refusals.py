"""Wrong JSON shapes sent to the tester API: a 422 naming the field with a Russian instruction,
never a 500 (the document's routes are checked in test_api_document.py)."""

import json
import re

import pytest

from tests.support.constants import DOCTOR_PHONE

API = "/_mock/api"
RUSSIAN = re.compile(r"[А-Яа-яЁё]")
PERSON = "/personas/{oid}"
NEW_PERSON = {
    "last_name": "Тестова",
    "first_name": "Анна",
    "birth_date": "1990-02-03",
    "gender": "F",
    "phone": "+79161110001",
    "password": "Strong-Pass1",
}
# For each operation that reads a JSON body: bodies with a wrong type inside, and the field named.
WRONG_INSIDE = {
    ("post", "/clients"): [
        ({"client_id": ["TESTRP"], "redirect_uris": ["https://rp.test/cb"]}, "client_id"),
        ({"client_id": "TESTRP", "redirect_uris": [1]}, "redirect_uris"),
        (
            {"client_id": "TESTRP", "redirect_uris": ["https://rp.test/cb"], "scopes": "openid"},
            "scopes",
        ),
    ],
    ("post", "/personas"): [
        ({**NEW_PERSON, "registry": {"frmr": {"certificate": {"valid_until": 5}}}}, "registry"),
        ({**NEW_PERSON, "documents": {"id": 1}}, "documents"),
        ({**NEW_PERSON, "oid": "1000000999"}, "oid"),
        ({**NEW_PERSON, "group": "1"}, "group"),
    ],
    ("patch", PERSON): [
        ({"documents": [{"id": "x"}]}, "documents"),
        ({"addresses": [{"type": "PRG"}]}, "addresses"),
        ({"roles": [{"shortName": "ФАЦ"}]}, "roles"),
        ({"registry": {"licence": []}}, "registry"),
        ({"registry": {"sfr": {"override": {"lastName": 1}}}}, "registry"),
        ({"script": {"biometrics": [1]}}, "script"),
        ({"script": "never"}, "script"),
        ({"phone_verified": "yes"}, "phone_verified"),
        ({"middle_name": None}, "middle_name"),
        ({"gender": "Male"}, "gender"),
        ({"last_name": "Я" * 101}, "last_name"),
        ({"locked_until": "2030-01-01T00:00:00Z"}, "locked_until"),
    ],
    ("post", "/clock"): [({"advance_seconds": {"seconds": 60}}, "advance_seconds")],
    ("post", "/reset"): [({"clients": "yes"}, "clients")],
    ("post", "/faults"): [
        ({"kind": "http_error", "path": "/", "times": [1]}, "times"),
        ({"kind": ["delay"], "path": "/"}, "kind"),
    ],
    ("post", "/signing-keys/rotate"): [({"stage": ["publish"]}, "stage")],
    ("post", "/snapshots"): [({"name": {"text": "x"}}, "name")],
    ("post", "/clock/set"): [({"now": 1893456000}, "now")],
    ("post", "/personas/{oid}/certificates"): [
        ({"valid_days": "many"}, "valid_days"),
        ({"certificate_pem": ["x"]}, "certificate_pem"),
        ({"label": 5}, "label"),
        ({"private_key": {"hex": "00"}}, "private_key"),
    ],
    ("post", "/flows/{rid}/login"): [({"oid": "1000000101"}, "oid")],
    ("post", "/flows/{rid}/app"): [({"decision": "approve", "number": "7"}, "number")],
    ("post", "/groups"): [
        ({"name": ["Класс"]}, "name"),
        ({"name": "Класс", "copies": "3"}, "copies"),
    ],
    ("post", "/groups/{group_id}/clock"): [({"advance_seconds": "60"}, "advance_seconds")],
    ("post", "/groups/{group_id}/clock/set"): [({"now": 1893456000}, "now")],
    ("post", "/groups/{group_id}/faults"): [({"kind": ["delay"], "path": "/"}, "kind")],
    ("post", "/groups/{group_id}/snapshots"): [({"name": {"text": "x"}}, "name")],
    ("post", "/codes"): [
        ({"client_id": "TESTRP", "redirect_uri": ["https://rp.test"]}, "redirect_uri")
    ],
}
NOT_OBJECTS = [[], [{"advance_seconds": 1}], "text", 42, True, None]


def url(path: str, demo: dict) -> str:
    path = path.replace("{oid}", str(demo[DOCTOR_PHONE])).replace("{rid}", "any")
    return API + path.replace("{group_id}", "1")


def send(client, method: str, path: str, body, demo: dict):
    """`body` as JSON text, whatever it is (the test client's json=None would send nothing)."""
    return client.open(
        url(path, demo),
        method=method.upper(),
        data=json.dumps(body),
        content_type="application/json",
    )


def assert_refused(response, field: str) -> None:
    assert response.status_code == 422, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error", "field"} and body["field"] == field, body
    assert RUSSIAN.search(body["error"]), body["error"]


@pytest.mark.parametrize(("method", "path"), list(WRONG_INSIDE))
@pytest.mark.parametrize("body", NOT_OBJECTS, ids=repr)
def test_a_body_that_is_not_a_json_object_is_refused(client, demo, method, path, body):
    response = send(client, method, path, body, demo)
    assert_refused(response, "body")
    assert "объектом JSON" in response.get_json()["error"]


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [(method, path, *case) for (method, path), cases in WRONG_INSIDE.items() for case in cases],
)
def test_a_wrong_type_inside_the_body_is_refused_naming_its_field(
    client, demo, method, path, body, field
):
    assert_refused(send(client, method, path, body, demo), field)


def test_a_wrong_nested_type_changes_nothing(client, demo):
    person = url(PERSON, demo)
    before = client.get(person).get_json()
    response = client.patch(person, json={"last_name": "Другая", "documents": [{"id": "x"}]})
    assert_refused(response, "documents")
    assert "documents[0].id" in response.get_json()["error"]
    assert client.get(person).get_json() == before


def test_malformed_json_is_refused_as_the_body(client, demo):
    response = client.post(
        f"{API}/clock", data="{advance_seconds: 1", content_type="application/json"
    )
    assert_refused(response, "body")


def test_a_nul_character_anywhere_in_the_body_is_refused(client, demo):
    response = client.patch(
        url(PERSON, demo), json={"registry": {"licence": {"organisation": "ГБУЗ\x00"}}}
    )
    assert_refused(response, "registry")
    assert "NUL" in response.get_json()["error"]


def test_a_query_of_the_wrong_type_is_refused(client):
    assert_refused(client.get(f"{API}/sessions?oid=first"), "oid")
    assert_refused(client.get(f"{API}/tokens?oid=1.5"), "oid")


def test_a_missing_body_reads_as_an_empty_object(client, demo):
    assert client.post(f"{API}/reset").status_code == 200
    assert_refused(client.post(f"{API}/snapshots"), "name")


def test_every_operation_reading_a_body_is_covered_here(client):
    document = client.get(f"{API}/openapi.json").get_json()
    with_a_body = {
        (method, path.removeprefix(API))
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method != "parameters" and "requestBody" in operation
    }
    assert with_a_body == set(WRONG_INSIDE)


def test_operations_without_a_body_ignore_one(client, demo):
    """Unlock, revoke, restore…: they read no body, so an odd one changes nothing."""
    oid = demo[DOCTOR_PHONE]
    for path in (f"/personas/{oid}/unlock", f"/personas/{oid}/revoke", "/clock/reset"):
        response = client.post(API + path, data="[1, 2]", content_type="application/json")
        assert response.status_code == 200, path


@pytest.mark.parametrize("depth", [900, 100_000])
def test_a_body_nested_absurdly_deep_is_refused(client, demo, depth):
    nested = '{"script": {"bank": ' + "[" * depth + "]" * depth + "}}"
    response = client.patch(url(PERSON, demo), data=nested, content_type="application/json")
    assert response.status_code == 422
    assert response.get_json()["field"] in ("script", "body")
