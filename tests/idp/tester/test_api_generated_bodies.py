"""Generated bodies, fitting the OpenAPI document and not, for every tester-API operation that
takes one, on a simulator holding the demo people: never a 500, and every answer as documented.
Unlike tests/security/test_tester_api.py this runs in-process and aims PATCH at a real person."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.support.constants import DOCTOR_PHONE

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Faults exist to make the simulator answer 500 and 503 on purpose.
INTENDED_ERRORS = {("POST", "/_mock/api/faults")}
# The in-process transport does not undo Flask-Compress.
UNCOMPRESSED = {"Accept-Encoding": "identity"}
EXAMPLES = int(os.environ.get("TESTER_API_EXAMPLES", "25"))
GENERATED = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def operations_with_a_body(app):
    schema = schemathesis.openapi.from_wsgi("/_mock/api/openapi.json", app)
    for result in schema.get_all_operations():
        operation = result.ok()
        key = (operation.method.upper(), operation.path)
        if operation.body and key not in INTENDED_ERRORS:
            yield operation


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_bodies_never_give_a_500_and_answer_as_documented(app, demo, mode):
    failures, tried = [], 0
    for operation in operations_with_a_body(app):
        fixed = {"oid": demo[DOCTOR_PHONE]} if "{oid}" in operation.path else None

        @GENERATED
        @given(operation.as_strategy(mode, path_parameters=fixed))
        def call(case):
            case.call_and_validate(app=app, checks=CHECKS, headers=UNCOMPRESSED)

        try:
            call()
        except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 - reported below
            failures.append(f"{operation.method.upper()} {operation.path}: {failure}")
        tried += 1
    assert tried >= 10
    assert failures == [], "\n\n".join(failures)
