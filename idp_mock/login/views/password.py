"""The first page of every login: login (phone, e-mail or SNILS) and password."""

from flask import Blueprint, request

from common.errors import ServiceError, show_error
from idp_mock.login import lockout, sms
from idp_mock.login.flow import code_page, first_page, open_flow, page
from idp_mock.login.forms import CodeForm, LoginForm
from idp_mock.tester import timeline

bp = Blueprint("password", __name__)


@bp.get("/login")
def login_form():
    return first_page(open_flow())


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
    # The code page in place of a redirect to it: a request fewer on a slow line.
    return code_page(auth_request, CodeForm(formdata=None))
