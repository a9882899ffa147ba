"""The tester API's OpenAPI document: valid, describing exactly the served routes and answers."""

import re
from urllib.parse import urlsplit

import jsonschema
import pytest
from openapi_spec_validator import validate

from tests.support.constants import DOCTOR_PHONE

API = "/_mock/api"


@pytest.fixture
def spec(client) -> dict:
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def test_the_openapi_document_is_valid_openapi_3_1(spec):
    assert spec["openapi"].startswith("3.1")
    validate(spec)
    assert spec["servers"], "clients need a server URL to resolve the paths against"


OPERATIONS = {"get", "put", "post", "delete", "patch"}


def served_operations(app, prefixes=(f"{API}/",)) -> dict[str, set[str]]:
    """{URL path in OpenAPI template form: methods} for every rule under the prefixes."""
    operations: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(prefixes):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            operations.setdefault(path, set()).update(m.lower() for m in rule.methods)
    return {path: methods & OPERATIONS for path, methods in operations.items()}


def documented_operations(spec: dict) -> dict[str, set[str]]:
    """{URL path: methods} the document describes, its paths resolved against its server URL."""
    base = urlsplit(spec["servers"][0]["url"]).path.rstrip("/")
    return {base + path: set(item) & OPERATIONS for path, item in spec["paths"].items()}


def test_the_openapi_document_describes_every_route_of_the_tester_api(app, spec):
    served = served_operations(app)
    assert served[f"{API}/personas/{{oid}}"] == {"get", "patch", "delete"}
    served.pop(f"{API}/openapi.json")  # the document itself
    documented = {
        path: methods
        for path, methods in documented_operations(spec).items()
        if path.startswith(f"{API}/")
    }
    assert documented == served


def test_the_openapi_document_describes_exactly_the_routes_of_both_prefixes(app, spec):
    """The tester API and the mock registries, and nothing the simulator does not serve."""
    served = served_operations(app, (f"{API}/", "/registries/"))
    served.pop(f"{API}/openapi.json")
    assert documented_operations(spec) == served


def test_every_documented_operation_has_a_summary_and_responses(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert operation["summary"], (path, method)
            assert operation["responses"], (path, method)


def schema_validator(spec: dict, schema: dict) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({**schema, "components": spec["components"]})


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def test_clients_messages_and_clock_match_their_documented_schemas(
    app, client, spec, registered, demo, log_in
):
    log_in(app, registered, DOCTOR_PHONE)
    checks = [
        ("/clients", {"type": "array", "items": ref("Client")}),
        ("/messages", {"type": "array", "items": ref("Message")}),
        ("/clock", ref("Clock")),
    ]
    for path, schema in checks:
        schema_validator(spec, schema).validate(client.get(f"{API}{path}").get_json())
    invalid = client.post(f"{API}/clock", json={"advance_seconds": -1}).get_json()
    schema_validator(spec, ref("Error")).validate(invalid)


def test_every_demo_persona_matches_the_documented_persona_schema(
    app, client, spec, registered, demo, log_in
):
    page, browser = log_in(app, registered, DOCTOR_PHONE, "Wrong-pass1")
    for _ in range(4):
        browser.password(DOCTOR_PHONE, "Wrong-pass1")
    validator = schema_validator(spec, ref("Persona"))
    problems = {
        person["oid"]: [error.message for error in validator.iter_errors(person)]
        for person in client.get(f"{API}/personas").get_json()
    }
    assert problems == {oid: [] for oid in problems}
