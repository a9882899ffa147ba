"""Standard OpenID Connect endpoints beside the ESIA ones, for generic OIDC client libraries."""

import jwt
from flask import Blueprint, jsonify, render_template, request

from idp_mock.models import Persona, db
from idp_mock.protocol import oidc, tokens
from idp_mock.protocol.authorize import redirect_with
from idp_mock.protocol.errors import EsiaError
from idp_mock.protocol.replies import (
    ask_before_logout,
    confirmed_logout,
    log_out_now,
    start_login,
    token_reply,
)
from idp_mock.tester import timeline

bp = Blueprint("oidc", __name__)
bp.after_request(timeline.note_data_read)


@bp.get("/.well-known/openid-configuration")
def discovery():
    return jsonify(oidc.discovery())


@bp.get("/.well-known/jwks.json")
def jwks():
    return jsonify(oidc.jwks())


@bp.route("/oidc/authorize", methods=["GET", "POST"])
def authorize():
    return start_login("oidc")


@bp.post("/oidc/token")
def token():
    return token_reply("oidc")


def bearer_error(description: str):
    response = jsonify({"error": "invalid_token", "error_description": description})
    response.status_code = 401
    response.headers["WWW-Authenticate"] = (
        f'Bearer error="invalid_token", error_description="{description}"'
    )
    return response


@bp.route("/oidc/userinfo", methods=["GET", "POST"])
def userinfo():
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        response = bearer_error("Bearer access token required")
        response.headers["WWW-Authenticate"] = "Bearer"
        return response
    try:
        claims = tokens.decode_access_token(token.strip())
    except jwt.InvalidTokenError:
        return bearer_error("The access token is invalid, expired or revoked")
    persona = db.session.get(Persona, claims.get("urn:esia:sbj_id"))
    if persona is None:
        return bearer_error("The person no longer exists")
    return jsonify(oidc.userinfo(persona, claims.get("scope", "")))


@bp.get("/oidc/logout")
def log_out():
    """RP-initiated logout 1.0: a known client returning to its registered URI logs out at
    once; without both the person is asked first (§2). Unregistered URIs are refused."""
    target = request.args.get("post_logout_redirect_uri", "")
    try:
        client = oidc.logout_client(
            request.args.get("id_token_hint", ""), request.args.get("client_id", "")
        )
    except EsiaError:
        return logout_refused("Ссылка для выхода повреждена или выдана другим сайтом.")
    if target and not oidc.allowed_post_logout(client, target):
        return logout_refused("Адрес возврата после выхода не зарегистрирован для этого сайта.")
    if target:
        return log_out_now(redirect_with(target, state=request.args.get("state", "")))
    return ask_before_logout()


@bp.post("/oidc/logout")
def log_out_confirmed():
    return confirmed_logout(".log_out")


def logout_refused(message: str):
    return render_template("idp/error.html", title="Выход не выполнен", message=message), 400
