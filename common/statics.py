"""Static files served from one shared folder under content-hashed URLs, cached as immutable."""

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, abort, send_from_directory

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
IMMUTABLE = "public, max-age=31536000, immutable"


@cache
def content_hash(filename: str) -> str:
    return hashlib.sha256((STATIC_DIR / filename).read_bytes()).hexdigest()[:12]


def hashed_url(filename: str) -> str:
    return f"/static/{content_hash(filename)}/{filename}"


def serve_static(digest: str, filename: str):
    path = STATIC_DIR / filename
    if not path.is_file() or content_hash(filename) != digest:
        abort(404)
    response = send_from_directory(STATIC_DIR, filename, max_age=31536000)
    response.headers["Cache-Control"] = IMMUTABLE
    return response


def init_app(app: Flask) -> None:
    app.add_url_rule("/static/<digest>/<path:filename>", "hashed_static", serve_static)
    app.jinja_env.globals["static_url"] = hashed_url
