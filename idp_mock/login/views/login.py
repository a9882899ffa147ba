"""The person's side of the simulator: login and password, the SMS code, consent."""

from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from common import errors
from common.forms import EmptyForm
from common.security import allow_form_redirect_to
from idp_mock import clock
from idp_mock.login import biometrics, consent, lockout, sms
from idp_mock.login.forms import CodeForm, LoginForm
from idp_mock.login.sso import live_sso_session, open_sso_session
from idp_mock.models import AuthRequest, Client, Persona, db
from idp_mock.protocol import authorize, tokens
from idp_mock.protocol.errors import EsiaError
from idp_mock.tester import timeline

bp = Blueprint("login", __name__)


class FlowGone(Exception):
    pass


class NotLoggedIn(Exception):
    def __init__(self, rid: str):
        self.rid = rid


def open_flow() -> AuthRequest:
    """The login transaction named by ?rid=, if it belongs to this browser and is still open."""
    rid = request.args.get("rid", "")
    auth_request = db.session.get(AuthRequest, rid) if rid in session.get("flows", []) else None
    max_age = timedelta(seconds=current_app.config["AUTH_REQUEST_TTL"])
    if auth_request is None or auth_request.created_at + max_age <= clock.now():
        raise FlowGone
    allow_form_redirect_to(authorize.origin(auth_request.redirect_uri))
    return auth_request


@bp.app_errorhandler(FlowGone)
def flow_gone(error):
    return render_template(
        "idp/error.html",
        title="Сеанс входа устарел",
        message="Вернитесь на сайт, с которого начали вход, и войдите ещё раз.",
    ), 400


@bp.app_errorhandler(NotLoggedIn)
def back_to_login(error):
    return redirect(url_for("login.login_form", rid=error.rid), 303)


def page(template: str, auth_request: AuthRequest, status: int = 200, **context):
    client = db.session.get(Client, auth_request.client_id)
    return render_template(template, rid=auth_request.id, client=client, **context), status


def finish(auth_request: AuthRequest, **params):
    session["flows"] = [f for f in session.get("flows", []) if f != auth_request.id]
    return redirect(
        authorize.redirect_with(auth_request.redirect_uri, state=auth_request.state, **params)
    )


def fail(auth_request: AuthRequest, code: str):
    error = EsiaError(code)
    timeline.log(
        auth_request.id,
        "redirect",
        f"Человек возвращён на сайт с ошибкой {error.error} ({error.description})",
        False,
        redirect_uri=auth_request.redirect_uri,
    )
    return finish(auth_request, **error.as_dict(None))


@bp.get("/login")
def login_form():
    auth_request = open_flow()
    if auth_request.authenticated_at:
        # Logged in already: by the tester API's shortcut, or back from a later step.
        return redirect(url_for(".consent_form", rid=auth_request.id), 303)
    sso = live_sso_session(session.get("sso"))
    if sso and db.session.get(Persona, sso.persona_oid).state != "blocked":
        auth_request.persona_oid, auth_request.amr = sso.persona_oid, sso.amr
        auth_request.authenticated_at, auth_request.sso_session_id = clock.now(), sso.id
        db.session.commit()
        return redirect(url_for(".consent_form", rid=auth_request.id), 303)
    return page("idp/login/password.html", auth_request, form=LoginForm())


@bp.post("/login")
def login():
    auth_request, form = open_flow(), LoginForm()
    if not form.validate():
        return page("idp/login/password.html", auth_request, 422, form=form)
    try:
        persona = lockout.check_password(form.login.data, form.password.data, request.remote_addr)
        auth_request.persona_oid = persona.oid
        sms.ensure_code(auth_request, persona)
    except errors.ServiceError as error:
        getattr(form, error.field, form.login).errors.append(error.message)
        timeline.log(auth_request.id, "password", f"Вход не пройден: {error.message}", False)
        return page("idp/login/password.html", auth_request, 422, form=form)
    timeline.log(
        auth_request.id,
        "password",
        "Логин и пароль верные; на телефон отправлен код из СМС (второй фактор)",
        login=form.login.data,
    )
    return redirect(url_for(".code_form", rid=auth_request.id), 303)


def code_page(auth_request: AuthRequest, form: CodeForm, status: int = 200):
    persona = db.session.get(Persona, auth_request.persona_oid)
    if persona is None:
        raise NotLoggedIn(auth_request.id)
    return page(
        "idp/login/code.html",
        auth_request,
        status,
        form=form,
        phone=persona.phone,
        resend_at=sms.resend_available_at(auth_request),
        now=clock.now(),
        biometrics=biometrics.enrolled(persona),
    )


@bp.get("/login/code")
def code_form():
    return code_page(open_flow(), CodeForm())


@bp.post("/login/code")
def code():
    auth_request, form = open_flow(), CodeForm()
    if not form.validate():
        return code_page(auth_request, form, 422)
    try:
        sms.check_code(auth_request, form.code.data)
    except errors.ServiceError as error:
        form.code.errors.append(error.message)
        timeline.log(auth_request.id, "sms", f"Код из СМС не принят: {error.message}", False)
        return code_page(auth_request, form, 422)
    timeline.note(auth_request.id, "sms", "Код из СМС верный: человек вошёл (amr = PWD)")
    persona = db.session.get(Persona, auth_request.persona_oid)
    biometrics.reset(persona)
    sso = open_sso_session(auth_request, persona, "PWD")
    session["sso"] = sso.id
    return redirect(url_for(".consent_form", rid=auth_request.id), 303)


@bp.post("/login/code/resend")
def resend_code():
    auth_request, form = open_flow(), CodeForm(formdata=None)
    if not EmptyForm().validate():
        abort(400)
    try:
        sms.send_code(auth_request, db.session.get(Persona, auth_request.persona_oid))
    except errors.ServiceError as error:
        form.code.errors = [error.message]
        return code_page(auth_request, form, 429)
    return redirect(url_for(".code_form", rid=auth_request.id), 303)


def authenticated_flow() -> tuple[AuthRequest, Persona]:
    auth_request = open_flow()
    if not auth_request.authenticated_at:
        raise NotLoggedIn(auth_request.id)
    return auth_request, db.session.get(Persona, auth_request.persona_oid)


@bp.get("/consent")
def consent_form():
    auth_request, persona = authenticated_flow()
    if auth_request.confirmed_only and not persona.trusted:
        return fail(auth_request, "ESIA-007055")
    return page(
        "idp/login/consent.html",
        auth_request,
        form=EmptyForm(),
        persona=persona,
        data=consent.describe(auth_request.scope),
    )


@bp.post("/consent")
def decide_consent():
    auth_request, persona = authenticated_flow()
    if not EmptyForm().validate():
        abort(400)
    if request.form.get("decision") != "allow":
        return fail(auth_request, "ESIA-007004")
    if auth_request.confirmed_only and not persona.trusted:
        return fail(auth_request, "ESIA-007055")
    timeline.note(
        auth_request.id,
        "redirect",
        "Человек дал согласие; сайт получает одноразовый код авторизации и свой state "
        "на зарегистрированный адрес возврата",
        redirect_uri=auth_request.redirect_uri,
        state=auth_request.state,
    )
    return finish(auth_request, code=tokens.issue_code(auth_request))
