"""The first page of every login: login (phone, e-mail or SNILS) and password."""

from flask import Blueprint, redirect, request, session, url_for

from common.errors import ServiceError, show_error
from idp_mock.login import lockout, sms
from idp_mock.login.flow import open_flow, page, to_consent
from idp_mock.login.forms import LoginForm
from idp_mock.login.sso import resume_sso_session
from idp_mock.tester import timeline

bp = Blueprint("password", __name__)


@bp.get("/login")
def login_form():
    auth_request = open_flow()
    # Logged in already: by the tester API's shortcut, back from a later step, or by SSO.
    if auth_request.authenticated_at or resume_sso_session(auth_request, session.get("sso")):
        return to_consent(auth_request)
    return page("idp/login/password.html", auth_request, form=LoginForm())


@bp.post("/login")
def login():
    auth_request, form = open_flow(), LoginForm()
    if not form.validate():
        return page("idp/login/password.html", auth_request, 422, form=form)
    try:
        sms.ensure_code(
            auth_request,
            lockout.check_password(form.login.data, form.password.data, request.remote_addr),
            request.remote_addr,
        )
    except ServiceError as error:
        show_error(error, form, fallback="login")
        timeline.log(auth_request.id, "password", f"Вход не пройден: {error.message}", False)
        return page("idp/login/password.html", auth_request, 422, form=form)
    timeline.log(
        auth_request.id,
        "password",
        "Логин и пароль верные; на телефон отправлен код из СМС (второй фактор)",
        login=form.login.data,
    )
    return redirect(url_for("sms.code_form", rid=auth_request.id), 303)
