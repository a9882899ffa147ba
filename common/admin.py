"""The guard of the tester APIs: when ADMIN_TOKEN is set, callers must present it as a Bearer."""

import hmac

from flask import current_app, jsonify, request


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
