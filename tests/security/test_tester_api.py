"""Schemathesis against the simulator's tester API, from its own OpenAPI document, live.

Positive and negative data for every operation: never a 500, and every answer matches the
document (status codes, content types, bodies). Kept to a few examples per operation for CI.
What it found is fixed and kept below as regression tests, one reproduction each.
"""

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# Faults exist to make the simulator answer 500 and 503 on purpose.
INTENDED_ERRORS = {("POST", "/_mock/api/faults")}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
PER_OPERATION = settings(
    max_examples=8,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
HUGE = 10**25
INT64 = 2**63 - 1
INT32_PLUS_ONE = 2**31  # a row's INTEGER key is 32 bits on PostgreSQL


def test_the_tester_api_keeps_to_its_openapi_document(live_idp, app, demo):
    schema = schemathesis.openapi.from_url(f"{live_idp.url}/_mock/api/openapi.json")
    session, failures, tried = requests.Session(), [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in INTENDED_ERRORS:
            continue

        @PER_OPERATION
        @given(operation.as_strategy())
        def call(case):
            case.call_and_validate(base_url=live_idp.url, session=session, checks=CHECKS)

        try:
            call()
        except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 - reported below
            failures.append(f"{operation.method.upper()} {operation.path}: {failure}")
        tried += 1
        requests.post(f"{live_idp.url}/_mock/api/reset", timeout=5)
    assert tried >= 20
    assert failures == [], "\n\n".join(failures)


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", f"/_mock/api/personas/{HUGE}"),
        ("PATCH", f"/_mock/api/personas/{HUGE}"),
        ("DELETE", f"/_mock/api/personas/{HUGE}"),
        ("POST", f"/_mock/api/personas/{HUGE}/unlock"),
        ("POST", f"/_mock/api/personas/{HUGE}/revoke"),
        ("GET", f"/_mock/api/tokens?oid={HUGE}"),
        ("GET", f"/_mock/api/sessions?oid={HUGE}"),
        ("DELETE", f"/_mock/api/faults/{HUGE}"),
        ("DELETE", f"/_mock/api/faults/{INT32_PLUS_ONE}"),
        ("GET", f"/_mock/api/groups/{INT32_PLUS_ONE}"),
        ("POST", f"/_mock/api/groups/{INT32_PLUS_ONE}/clock/set"),
        ("POST", f"/_mock/api/groups/{INT32_PLUS_ONE}/snapshots"),
        ("GET", f"/_mock/groups/{INT32_PLUS_ONE}"),
    ],
)
def test_an_id_too_big_for_the_database_is_a_404_not_a_500(client, method, path):
    response = client.open(path, method=method, json={})
    if "?oid=" in path:  # a filter by an impossible person finds nobody
        assert response.status_code == 200 and response.get_json() == []
    else:
        assert response.status_code == 404


def test_moving_the_clock_by_an_absurd_amount_is_a_422_not_a_500(client):
    response = client.post("/_mock/api/clock", json={"advance_seconds": 10**13})
    assert response.status_code == 422


def test_unlocking_an_unknown_person_answers_as_documented(client):
    document = client.get("/_mock/api/openapi.json").get_json()
    for path in ("/_mock/api/personas/{oid}/unlock", "/_mock/api/personas/{oid}/revoke"):
        answered = client.post(path.replace("{oid}", "1")).status_code
        documented = document["paths"][path]["post"]["responses"]
        assert str(answered) in documented, (path, answered, list(documented))


def test_a_person_in_a_group_no_database_holds_is_refused(client):
    person = {"last_name": "Тестова", "first_name": "Анна", "birth_date": "1990-02-03"}
    person |= {"gender": "F", "password": "Strong-Pass1", "group": INT32_PLUS_ONE}
    response = client.post("/_mock/api/personas", json=person)
    assert response.status_code == 422 and response.get_json()["field"] == "group"
