"""The guards of the tester APIs: the admin token when ADMIN_TOKEN is set, and no changes sent
from another site's page (a page a tester happens to visit must not drive the stand)."""

import hmac
from urllib.parse import urlsplit

from flask import Blueprint, current_app, jsonify, request

CHANGES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DEFAULT_PORTS = {"http": 80, "https": 443}
CROSS_SITE = (
    "Вызывайте API тестировщика из скрипта, тестов или со страниц стенда, а не с чужого сайта"
)
NOT_JSON = "Отправьте тело запроса в формате JSON с заголовком Content-Type: application/json"


def guard_tester_api(bp: Blueprint, token_variable: str, trusted_setting: str) -> None:
    """Guard every route of `bp`: the admin token, then the origin and type of a change."""
    bp.before_request(admin_token_guard(token_variable))
    bp.before_request(cross_site_guard(trusted_setting))


def bearer_token(header: str | None) -> str:
    scheme, _, value = (header or "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def admin_token_guard(variable: str):
    """A before_request hook that refuses callers without the configured admin token."""

    def require_admin_token():
        token = current_app.config.get("ADMIN_TOKEN")
        given = bearer_token(request.headers.get("Authorization"))
        if token and not hmac.compare_digest(given.encode(), str(token).encode()):
            return jsonify({"error": f"Нужен заголовок Authorization: Bearer <{variable}>"}), 401
        return None

    return require_admin_token


def cross_site_guard(trusted_setting: str):
    """A before_request hook that refuses a change from another site's page (403) and a body a
    cross-site form or fetch can send without a CORS preflight: anything but JSON (415)."""

    def refuse_cross_site():
        if request.method not in CHANGES:
            return None
        if not from_the_stand(current_app.config.get(trusted_setting)):
            return jsonify({"error": CROSS_SITE, "field": "origin"}), 403
        if carries_body() and request.mimetype and not request.is_json:
            return jsonify({"error": NOT_JSON, "field": "body"}), 415
        return None

    return refuse_cross_site


def from_the_stand(trusted_url: str | None) -> bool:
    """Sent by a script (no Origin), or by a page of this app or of the trusted URL."""
    origin = request.headers.get("Origin")
    if origin is None:
        # See: https://www.w3.org/TR/fetch-metadata/ - a browser that omits Origin still says this.
        return request.headers.get("Sec-Fetch-Site", "").lower() != "cross-site"
    trusted = {origin_of(request.host_url), origin_of(trusted_url or "")} - {""}
    return origin_of(origin) in trusted


def origin_of(url: str) -> str:
    """scheme://host[:port] as a browser writes it in Origin; "" for anything else ("null")."""
    try:
        parts = urlsplit(url.strip().lower())
        port = parts.port
    except ValueError:
        return ""
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return ""
    shown = "" if port in (None, DEFAULT_PORTS[parts.scheme]) else f":{port}"
    return f"{parts.scheme}://{parts.hostname}{shown}"


def carries_body() -> bool:
    chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    return chunked or bool(request.content_length)
