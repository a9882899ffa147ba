"""Static files served from one shared folder under content-hashed URLs, cached as immutable.

Text files are compressed once, at the highest level, and kept in memory: brotli for browsers
that accept it, gzip for the rest (old browsers on slow lines are the ones that need it most).
Flask-Compress leaves them alone, as it skips any response that already has a Content-Encoding.

Flask-Compress also skips every response that is not a 2xx, yet a form sent back with its errors
(422) or an error page is a page a person reads like any other: those are compressed here.
"""

import base64
import gzip
import hashlib
from functools import cache
from pathlib import Path

import brotli
from flask import Flask, Response, abort, request, send_from_directory
from markupsafe import Markup
from werkzeug.security import safe_join

from common.security import allow_inline_style

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
IMMUTABLE = "public, max-age=31536000, immutable"
COMPRESS_FROM = 500  # bytes, as Flask-Compress's COMPRESS_MIN_SIZE
COMPRESSIBLE = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}


@cache
def content_hash(filename: str) -> str:
    return hashlib.sha256((STATIC_DIR / filename).read_bytes()).hexdigest()[:12]


def hashed_url(filename: str) -> str:
    return f"/static/{content_hash(filename)}/{filename}"


@cache
def style_with_hash(filename: str) -> tuple[str, str]:
    css = (STATIC_DIR / filename).read_text()
    return css, "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"


def inline_stylesheet(filename: str) -> Markup:
    """The stylesheet in the page itself, allowed by its hash in this response's CSP: a page
    opened first on a slow line is drawn without waiting a round trip for its CSS (2 s each on
    "3G"), and a form posted before a linked stylesheet arrived cannot cut it off."""
    css, digest = style_with_hash(filename)
    allow_inline_style(digest)
    return Markup(f"<style>{css}</style>")  # noqa: S704 our static file # nosec B704


@cache
def encoded(filename: str, encoding: str) -> bytes:
    """The file's bytes compressed with `encoding` (`br` or `gzip`), computed once."""
    data = (STATIC_DIR / filename).read_bytes()
    if encoding == "br":
        return brotli.compress(data, quality=11)
    return gzip.compress(data, compresslevel=9, mtime=0)


def compressed(filename: str, digest: str) -> Response | None:
    mimetype = COMPRESSIBLE.get(Path(filename).suffix)
    encoding = request.accept_encodings.best_match(["br", "gzip"])
    if mimetype is None or encoding is None:
        return None
    response = Response(encoded(filename, encoding), mimetype=mimetype)
    response.headers["Content-Encoding"] = encoding
    response.set_etag(f"{digest}-{encoding}")
    return response.make_conditional(request)


def serve_static(digest: str, filename: str):
    path = safe_join(str(STATIC_DIR), filename)
    if path is None or not Path(path).is_file() or content_hash(filename) != digest:
        abort(404)
    response = compressed(filename, digest) or send_from_directory(
        STATIC_DIR, filename, max_age=31536000
    )
    response.headers["Cache-Control"] = IMMUTABLE
    response.vary.add("Accept-Encoding")
    return response


def compress_error_page(response: Response) -> Response:
    if (
        response.status_code < 400
        or response.mimetype != "text/html"
        or response.direct_passthrough
        or response.is_streamed
        or "Content-Encoding" in response.headers
    ):
        return response
    response.vary.add("Accept-Encoding")
    encoding = request.accept_encodings.best_match(["br", "gzip"])
    data = response.get_data()
    if encoding is None or len(data) < COMPRESS_FROM:
        return response
    packed = brotli.compress(data, quality=4) if encoding == "br" else gzip.compress(data, 6)
    response.set_data(packed)
    response.headers["Content-Encoding"] = encoding
    return response


def init_app(app: Flask) -> None:
    app.add_url_rule("/static/<digest>/<path:filename>", "hashed_static", serve_static)
    app.jinja_env.globals["static_url"] = hashed_url
    app.jinja_env.globals["inline_stylesheet"] = inline_stylesheet
    # Registered after Flask-Compress, so it runs before it (after_request runs in reverse).
    app.after_request(compress_error_page)
