"""ESIA protocol endpoints: authorize, token, logout."""

from urllib.parse import urlsplit

from flask import Blueprint, jsonify, redirect, render_template, request, session, url_for

from idp_mock.login.sso import live_sso_session
from idp_mock.models import AuthCode, Client, db
from idp_mock.protocol import authorize, tokens
from idp_mock.protocol.errors import RUSSIAN, EsiaError, UntrustedRequest
from idp_mock.protocol.token_endpoint import exchange, form_with_basic
from idp_mock.tester import faults, timeline

bp = Blueprint("oauth", __name__)
MAX_OPEN_FLOWS = 5


def remember_flow(rid: str) -> None:
    """Bind the login transaction to this browser: another browser cannot continue it."""
    session["flows"] = [*session.get("flows", [])[-(MAX_OPEN_FLOWS - 1) :], rid]


def untrusted_page(error: EsiaError):
    message = RUSSIAN.get(error.code, "Запрос на вход составлен неправильно.")
    return render_template(
        "idp/error.html", title="Вход невозможен", message=message, code=error.code
    ), 400


def start_login(protocol: str):
    params = request.values
    try:
        auth_request = authorize.start(params, protocol)
    except UntrustedRequest as error:
        return untrusted_page(error)
    except EsiaError as error:
        return redirect(
            authorize.error_redirect(params["redirect_uri"], error, params.get("state"))
        )
    remember_flow(auth_request.id)
    timeline.log(
        auth_request.id,
        "authorize",
        f"Сайт {auth_request.client_id} начал вход ({PROTOCOLS[protocol]}): запрос проверен, "
        "адрес возврата зарегистрирован; человек переходит к странице входа",
        **{k: v for k, v in params.items()},
    )
    return redirect(url_for("login.login_form", rid=auth_request.id))


@bp.route("/aas/oauth2/ac", methods=["GET", "POST"])
def authorize_v1():
    return start_login("v1")


@bp.route("/aas/oauth2/v2/ac", methods=["GET", "POST"])
def authorize_v2():
    return start_login("v2")


PROTOCOLS = {
    "v1": "ЕСИА v1, подпись PKCS#7",
    "v2": "ЕСИА v2, подпись ГОСТ",
    "oidc": "стандартный OpenID Connect с PKCE",
}


def flow_of_code(code: str | None) -> str | None:
    grant = db.session.get(AuthCode, tokens.digest(code)) if code else None
    return grant.auth_request_id if grant else None


def token_reply(protocol: str):
    params = form_with_basic(request.form, request.headers.get("Authorization"))
    rid = flow_of_code(params.get("code"))
    try:
        body, status = faults.spoil_tokens(exchange(params, protocol)), 200
        timeline.log(
            rid,
            "token",
            f"Сайт обменял код на токены ({', '.join(k for k in body if k.endswith('_token'))})"
            f" в {request.path}: код использован и больше не действует",
            **params,
        )
    except EsiaError as error:
        db.session.rollback()
        body, status = error.as_dict(params.get("state")), 400
        timeline.log(
            rid, "token", f"Обмен кода на токены отклонён: {error.description}", False, **params
        )
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


@bp.post("/aas/oauth2/te")
def token_v1():
    return token_reply("v1")


@bp.post("/aas/oauth2/v2/te")
def token_v2():
    return token_reply("v2")


@bp.post("/aas/oauth2/v3/te")
def token_v3():
    return token_reply("v3")


def allowed_logout_target(client: Client | None, url: str) -> bool:
    """ESIA registers a client's domains: a logout may return only to one of them."""
    hosts = {urlsplit(uri).netloc for uri in (client.redirect_uris if client else [])}
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and parts.netloc in hosts


@bp.get("/idp/ext/Logout")
def logout():
    sso = live_sso_session(session.get("sso"))
    if sso:
        sso.ended = True
        tokens.revoke_sso_session_tokens(sso.id)
        db.session.commit()
    session.clear()
    client = db.session.get(Client, request.args.get("client_id", ""))
    target = request.args.get("redirect_url", "")
    if allowed_logout_target(client, target):
        return redirect(target)
    return render_template("idp/logged_out.html")
