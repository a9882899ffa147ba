"""URL integers a database can hold: a bigger id answers 404 instead of overflowing into a 500.
A `…_id` is a row's INTEGER key (32 bits on PostgreSQL); any other number (an ESIA oid) BIGINT."""

from flask import Flask, abort

BIGGEST_ID = 2**63 - 1
BIGGEST_ROW_ID = 2**31 - 1


def biggest(name: str) -> int:
    return BIGGEST_ROW_ID if name.endswith("_id") else BIGGEST_ID


def refuse_oversized_ids(endpoint, values) -> None:
    if values and any(
        isinstance(v, int) and abs(v) > biggest(name) for name, v in values.items()
    ):
        abort(404)


def init_app(app: Flask) -> None:
    app.url_value_preprocessor(refuse_oversized_ids)
