"""The OpenAPI 3.1 document of a tester API, served at /_mock/api/openapi.json, generated from
the routes and the models that check their requests."""

import re

from flask import current_app
from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema
from werkzeug.routing import Rule

from common.tester_api.contract import Operation

JSON = "application/json"
VARIABLE = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
METHODS = ("get", "post", "patch", "delete")


class Untitled(GenerateJsonSchema):
    """Pydantic's schemas without a title on every field (the name says it already)."""

    def field_title_should_be_set(self, schema) -> bool:
        return False


def described_routes(prefixes: tuple[str, ...]) -> list[tuple[Rule, Operation]]:
    """Every route under the documented prefixes whose view says what it does."""
    found = []
    for rule in current_app.url_map.iter_rules():
        view = current_app.view_functions[rule.endpoint]
        if rule.rule.startswith(prefixes) and hasattr(view, "operation"):
            found.append((rule, view.operation))
    return found


def shapes_of(operation: Operation) -> list:
    replies = [reply.shape for reply in operation.replies.values() if reply.shape is not None]
    return [operation.body, *replies] if operation.body else replies


def schemas_for(routes: list) -> tuple[dict, dict]:
    """{shape: JSON schema} and the components every named model becomes."""
    shapes = {shape for _, operation in routes for shape in shapes_of(operation)}
    inputs = [(shape, "validation", TypeAdapter(shape)) for shape in shapes]
    found, definitions = TypeAdapter.json_schemas(
        inputs, ref_template="#/components/schemas/{model}", schema_generator=Untitled
    )
    schemas = {shape: tidy(schema) for (shape, _), schema in found.items()}
    return schemas, tidy(definitions.get("$defs", {}))


def tidy(schema):
    """Drop `"default": null` where null is not allowed: it only marks an optional field."""
    if isinstance(schema, list):
        return [tidy(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    nullable = {"type": "null"} in schema.get("anyOf", []) or "null" in schema.get("type", "")
    return {
        key: tidy(value)
        for key, value in schema.items()
        if not (key == "default" and value is None and not nullable)
    }


def path_of(rule: Rule, hints: dict[str, str]) -> tuple[str, list[dict]]:
    """The OpenAPI path of a Flask rule and its path parameters."""
    parameters = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "integer" if converter == "int" else "string"},
        }
        | ({"description": hints[name]} if name in hints else {})
        for converter, name in VARIABLE.findall(rule.rule)
    ]
    return VARIABLE.sub(r"{\2}", rule.rule), parameters


def query_parameters(operation: Operation) -> list[dict]:
    if operation.query is None:
        return []
    schema = tidy(operation.query.model_json_schema(schema_generator=Untitled))
    return [
        {
            "name": name,
            "in": "query",
            "schema": {k: v for k, v in field.items() if k != "description"},
        }
        | ({"description": field["description"]} if "description" in field else {})
        for name, field in schema["properties"].items()
    ]


def operation_entry(operation: Operation, schemas: dict) -> dict:
    entry = {"summary": operation.summary, "responses": {}}
    if operation.tags:
        entry["tags"] = list(operation.tags)
    if operation.query:
        entry["parameters"] = query_parameters(operation)
    if operation.body:
        entry["requestBody"] = {
            "required": operation.body_required,
            "content": {JSON: {"schema": schemas[operation.body]}},
        }
    for status, reply in sorted(operation.replies.items()):
        answer = {"description": reply.description}
        if reply.shape is not None:
            answer["content"] = {reply.media: {"schema": schemas[reply.shape]}}
        entry["responses"][str(status)] = answer
    return entry


def described_paths(routes: list, schemas: dict) -> dict:
    paths: dict[str, dict] = {}
    for rule, operation in routes:
        path, parameters = path_of(rule, operation.path_help)
        item = paths.setdefault(path, {"parameters": parameters} if parameters else {})
        for method in sorted(m.lower() for m in rule.methods if m.lower() in METHODS):
            item[method] = operation_entry(operation, schemas)
    return paths


def openapi_document(info: dict, prefixes: tuple[str, ...] = ("/_mock/api/",)) -> dict:
    """The document of the app's routes under `prefixes`; `info` names the API."""
    routes = described_routes(prefixes)
    schemas, components = schemas_for(routes)
    return {
        "openapi": "3.1.0",
        "info": info,
        "servers": [{"url": "/"}],
        "paths": described_paths(routes, schemas),
        "components": {
            "schemas": components,
            "securitySchemes": {"admin": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{}, {"admin": []}],
    }
