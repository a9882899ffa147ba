"""One source for each tester-API operation: the Pydantic models that check its request are the
ones its OpenAPI entry is generated from (see openapi.py), so the two cannot drift apart."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, ClassVar

from flask import request
from pydantic import BaseModel, ConfigDict, ValidationError

from common.tester_api.refusals import refusal, refusal_of_nul


class Body(BaseModel):
    """A JSON request body. Unknown fields are ignored, as they always were; `messages` gives
    a field a message of its own instead of the generic one (see refusals.py)."""

    model_config = ConfigDict(extra="ignore")
    messages: ClassVar[dict[str, str]] = {}

    def changes(self) -> dict:
        """The fields the caller sent, as JSON values: what the services take."""
        return self.model_dump(mode="json", exclude_unset=True)


class Open(BaseModel):
    """A nested object with a few typed fields whose other fields are kept as sent."""

    model_config = ConfigDict(extra="allow")


class Shape(BaseModel):
    """A JSON answer, for the document only: tests check the answers against it."""


@dataclass(frozen=True)
class Reply:
    description: str
    shape: Any = None  # a model, list[model], or None when the answer has no JSON body
    media: str = "application/json"


@dataclass(frozen=True)
class Operation:
    summary: str
    replies: dict[int, Reply]
    body: type[Body] | None = None
    body_required: bool = True
    query: type[BaseModel] | None = None
    path_help: dict[str, str] = field(default_factory=dict)
    tags: tuple[str, ...] = ()


class Error(Shape):
    """Every refusal of the tester API: the field at fault and what to do, in Russian."""

    error: str
    field: str


INVALID = Reply("A field did not pass its check", Error)
# See common/admin.py: what a page of another site can send is refused before any check.
CROSS_SITE = Reply("Sent from another site's page (Origin or Sec-Fetch-Site)", Error)
NOT_JSON = Reply("The body is not JSON", Error)


def as_reply(value) -> Reply:
    if isinstance(value, Reply):
        return value
    if isinstance(value, str):
        return Reply(value)
    description, shape = value
    return Reply(description, shape)


def operation(summary: str, replies: dict, **details) -> Callable:
    """Check the view's JSON body and query with their models (a ServiceError naming the field
    when they do not fit) and record what the OpenAPI document says of the view."""
    answers = {status: as_reply(value) for status, value in replies.items()}
    if details.get("body") or details.get("query"):
        answers.setdefault(422, INVALID)
    if details.get("body"):
        answers.setdefault(403, CROSS_SITE)
        answers.setdefault(415, NOT_JSON)
    described = Operation(summary, answers, **details)

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def checked(*args, **kwargs):
            if described.body:
                kwargs["body"] = parsed_body(described.body)
            if described.query:
                kwargs["query"] = parsed_query(described.query)
            return view(*args, **kwargs)

        checked.operation = described
        return checked

    return decorate


def parsed_body(model: type[Body]) -> Body:
    """No body (or not JSON) reads as {}; anything else must be a JSON object fitting `model`."""
    raw = request.get_data() if request.is_json else b""
    return fitting(model, raw if raw.strip() else b"{}")


def fitting(model: type[Body], raw: str | bytes) -> Body:
    """JSON text checked by `model` as every request body is: a ServiceError names the field."""
    try:
        refuse_nul(json.loads(raw))
        return model.model_validate_json(raw, strict=True)
    except ValidationError as error:
        raise refusal(model, error) from None
    except (ValueError, RecursionError):  # not JSON, or nested deeper than anyone means
        raise refusal(model, None) from None


def checked(model: type[Body], data: dict) -> dict:
    """Data from elsewhere (the console) checked as a request body of `model`: its changes."""
    return fitting(model, json.dumps(data, ensure_ascii=False)).changes()


def parsed_query(model: type[BaseModel]) -> BaseModel:
    try:
        return model.model_validate(request.args.to_dict())
    except ValidationError as error:
        raise refusal(model, error) from None


def refuse_nul(value, path: tuple = ()) -> None:
    """PostgreSQL cannot store a NUL character in text: refuse it wherever it hides."""
    if isinstance(value, str) and "\x00" in value:
        raise refusal_of_nul(path)
    if isinstance(value, dict | list):
        for key, item in value.items() if isinstance(value, dict) else enumerate(value):
            refuse_nul(key, path)
            refuse_nul(item, (*path, key))
