"""URL integers a database can hold: a bigger id answers 404 instead of overflowing into a 500."""

from flask import Flask, abort

BIGGEST_ID = 2**63 - 1


def refuse_oversized_ids(endpoint, values) -> None:
    if values and any(isinstance(v, int) and abs(v) > BIGGEST_ID for v in values.values()):
        abort(404)


def init_app(app: Flask) -> None:
    app.url_value_preprocessor(refuse_oversized_ids)
