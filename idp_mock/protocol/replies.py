"""What the authorize, token and logout endpoints answer, shared by the ESIA paths and the OIDC
ones."""

from flask import jsonify, redirect, render_template, request, session, url_for

from common.forms import EmptyForm
from idp_mock.login import flow as login_flow
from idp_mock.login.sso import end_session, live_sso_session
from idp_mock.models import AuthCode, db
from idp_mock.protocol import authorize, tokens
from idp_mock.protocol.errors import RUSSIAN, EsiaError, UntrustedRequest
from idp_mock.protocol.token_endpoint import exchange, form_with_basic
from idp_mock.tester import faults, timeline

MAX_OPEN_FLOWS = 5
PROTOCOLS = {
    "v1": "ЕСИА v1, подпись PKCS#7",
    "v2": "ЕСИА v2, подпись ГОСТ",
    "oidc": "стандартный OpenID Connect с PKCE",
}


def remember_flow(rid: str) -> None:
    """Bind the login transaction to this browser: another browser cannot continue it."""
    session["flows"] = [*session.get("flows", [])[-(MAX_OPEN_FLOWS - 1) :], rid]


def untrusted_page(error: EsiaError):
    message = RUSSIAN.get(error.code, "Запрос на вход составлен неправильно.")
    return render_template(
        "idp/error.html", title="Вход невозможен", message=message, code=error.code
    ), 400


def start_login(protocol: str):
    """The authorize step: check the request, then send the person to the login page."""
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
    # The login page at the authorize address itself: a redirect fewer on a slow line.
    return login_flow.first_page(login_flow.entered(auth_request))


def flow_of_code(code: str | None) -> str | None:
    grant = db.session.get(AuthCode, tokens.digest(code)) if code else None
    return grant.auth_request_id if grant else None


def token_reply(protocol: str):
    """The token step: tokens as JSON, or the ESIA error with status 400; never cached."""
    params = form_with_basic(request.form, request.headers.get("Authorization"))
    rid = flow_of_code(params.get("code"))
    try:
        body, status = faults.spoil_tokens(exchange(params, protocol)), 200
        timeline.log(
            rid,
            "token",
            f"Сайт обменял код на токены ({', '.join(k for k in body if k.endswith('_token'))})"
            f" в {request.path}: код использован и больше не действует",
            **params | {"endpoint": request.path,
                        "issued": " ".join(k for k in body if k.endswith("_token"))},
        )  # fmt: skip
    except EsiaError as error:
        body, status = error.as_dict(params.get("state")), 400
        timeline.log(
            rid, "token", f"Обмен кода на токены отклонён: {error.description}", False,
            **params | {"endpoint": request.path},
        )  # fmt: skip
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


def end_this_browsers_session() -> None:
    """End this browser's SSO session, revoking its tokens, and forget the browser's state."""
    end_session(live_sso_session(session.get("sso")))
    session.clear()


def log_out_now(redirect_to: str):
    """A logout a registered client asked for: done at once, back where the client asked."""
    end_this_browsers_session()
    return redirect(redirect_to)


def ask_before_logout(form: EmptyForm | None = None, status: int = 200):
    """A logout no registered client asked for: confirm it, or say there is nothing to end."""
    if form is None and live_sso_session(session.get("sso")) is None:
        session.clear()
        return render_template("idp/logged_out.html")
    action = url_for(".log_out_confirmed")
    form = form or EmptyForm()
    return render_template("idp/logout_confirm.html", form=form, action=action), status


def confirmed_logout(back_endpoint: str):
    """The person's «Выйти» on the confirmation page. The protocol blueprints are CSRF-exempt
    for machine callers, so this form checks its own token."""
    form = EmptyForm()
    if not form.validate():
        return ask_before_logout(form, 400)
    end_this_browsers_session()
    return redirect(url_for(back_endpoint), 303)
