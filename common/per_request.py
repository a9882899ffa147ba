"""A value computed once per request and forgotten with it (outside a request: every time).

Not `flask.g`: a test or a command may hold one application context across many requests,
and what one request read must not outlive it."""

from collections.abc import Callable
from typing import TypeVar

from flask import has_request_context, request

T = TypeVar("T")


def once_per_request(key: str, compute: Callable[[], T]) -> T:
    if not has_request_context():
        return compute()
    memo = request.environ.setdefault("app.per_request", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget(key: str) -> None:
    if has_request_context():
        request.environ.get("app.per_request", {}).pop(key, None)
