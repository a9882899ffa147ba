"""Schemathesis against the simulator's tester API, from its own OpenAPI document, live.

Positive and negative data for every operation: never a 500, and every answer matches the
document (status codes, content types, bodies). Kept to a few examples per operation for CI.
What it found and is not fixed yet is pinned below as strict xfails, one reproduction each.
"""

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, assume, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# Faults exist to make the simulator answer 500 and 503 on purpose.
INTENDED_ERRORS = {("POST", "/_mock/api/faults")}
# Found by this test; each has a strict xfail below (or in the report, for the PATCH body).
KNOWN = {
    ("GET", "/_mock/api/personas/{oid}"),
    ("PATCH", "/_mock/api/personas/{oid}"),
    ("DELETE", "/_mock/api/personas/{oid}"),
    ("POST", "/_mock/api/personas/{oid}/unlock"),
    ("POST", "/_mock/api/personas/{oid}/revoke"),
    ("GET", "/_mock/api/tokens"),
    ("GET", "/_mock/api/sessions"),
    ("POST", "/_mock/api/clock"),
}
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


def overflows(case) -> bool:
    """An integer in the path or query beyond SQLite's: that class of 500 is pinned below."""
    values = [*(case.path_parameters or {}).values(), *(case.query or {}).values()]
    return any(isinstance(v, int) and abs(v) > INT64 for v in values)


def test_the_tester_api_keeps_to_its_openapi_document(live_idp, app, demo):
    schema = schemathesis.openapi.from_url(f"{live_idp.url}/_mock/api/openapi.json")
    session, failures, tried = requests.Session(), [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in INTENDED_ERRORS | KNOWN:
            continue

        @PER_OPERATION
        @given(operation.as_strategy())
        def call(case):
            assume(not overflows(case))
            case.call_and_validate(base_url=live_idp.url, session=session, checks=CHECKS)

        try:
            call()
        except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 - reported below
            failures.append(f"{operation.method.upper()} {operation.path}: {failure}")
        tried += 1
        requests.post(f"{live_idp.url}/_mock/api/reset", timeout=5)
    assert tried >= 20
    assert failures == [], "\n\n".join(failures)


@pytest.mark.xfail(
    strict=True,
    reason="idp_mock/views/mock_api.py, mock_state.py and mock_faults.py pass an id beyond "
    "SQLite's 64-bit integer to db.session.get (OverflowError → 500); answer 404 for ids out "
    "of range (an int converter with max=2**63-1, or a check before the lookup)",
)
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
    ],
)
def test_an_id_too_big_for_the_database_is_a_404_not_a_500(client, method, path):
    response = client.open(path, method=method, json={})
    assert response.status_code in (400, 404, 422)


@pytest.mark.xfail(
    strict=True,
    reason="idp_mock clock.advance builds timedelta(seconds=N) unchecked (OverflowError → "
    "500); bound advance_seconds (say to ±100 years) and answer 422",
)
def test_moving_the_clock_by_an_absurd_amount_is_a_422_not_a_500(client):
    response = client.post("/_mock/api/clock", json={"advance_seconds": 10**13})
    assert response.status_code == 422


@pytest.mark.xfail(
    strict=True,
    reason="idp_mock/openapi.py documents only 200 for POST /personas/{oid}/unlock and "
    "/revoke, which answer 404 for an unknown person; document the 404",
)
def test_unlocking_an_unknown_person_answers_as_documented(client):
    document = client.get("/_mock/api/openapi.json").get_json()
    for path in ("/_mock/api/personas/{oid}/unlock", "/_mock/api/personas/{oid}/revoke"):
        answered = client.post(path.replace("{oid}", "1")).status_code
        documented = document["paths"][path]["post"]["responses"]
        assert str(answered) in documented, (path, answered, list(documented))
