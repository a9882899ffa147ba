"""Security headers every response of both apps carries."""

import os

from flask import Flask, Response, abort, g, request

CSP = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
}


def allow_form_redirect_to(origin: str) -> None:
    """Let this page's forms end in a redirect to `origin` (CSP form-action covers redirects)."""
    g.csp_form_targets = [*getattr(g, "csp_form_targets", []), origin]


def allow_inline_style(digest: str) -> None:
    """Let this page carry the one inline stylesheet whose CSP hash source is `digest`."""
    g.csp_style_hashes = {*getattr(g, "csp_style_hashes", set()), digest}


def content_security_policy() -> str:
    policy = dict(CSP)
    extra = getattr(g, "csp_form_targets", [])
    if extra:
        policy["form-action"] = " ".join(["'self'", *extra])
    styles = sorted(getattr(g, "csp_style_hashes", ()))
    if styles:
        policy["style-src"] = " ".join(["'self'", *styles])
    return "; ".join(f"{name} {value}" for name, value in policy.items())


def add_security_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = content_security_policy()
    response.headers["X-Content-Type-Options"] = "nosniff"
    # same-origin: Flask-WTF checks the Referer of HTTPS form posts; other sites get nothing.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def refuse_nul_bytes() -> None:
    """No person types a NUL byte, and PostgreSQL cannot store one in text: refuse the request
    before it reaches a form or a query (a 400 page instead of a database error)."""
    # A request without a body (no length, not chunked) has no form to parse: a poll pays for none.
    body = request.content_length or "Transfer-Encoding" in request.headers
    sources = (request.args, request.form) if body else (request.args,)
    for values in sources:
        if any("\x00" in value for _, value in values.items(multi=True)):
            abort(400)


def init_app(app: Flask) -> None:
    app.before_request(refuse_nul_bytes)
    app.after_request(add_security_headers)


def follow_public_url_for_cookies(app: Flask, prefix: str, test_config: dict | None) -> None:
    """Cookies are Secure when the public URL is HTTPS, unless {prefix}_SESSION_COOKIE_SECURE
    (or a test mapping) says otherwise. See: ASVS 5.0 3.3.1."""
    explicit = "SESSION_COOKIE_SECURE" in (test_config or {})
    if not explicit and f"{prefix}_SESSION_COOKIE_SECURE" not in os.environ:
        https = str(app.config.get("PUBLIC_URL") or "").lower().startswith("https://")
        app.config["SESSION_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"] or https
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
