"""The SMS code page after the password, and its «send the code again» button."""

from flask import Blueprint, redirect, request, url_for

from common.errors import ServiceError, show_error
from idp_mock.login import sms
from idp_mock.login.flow import code_page, open_flow, person_of, signed_in
from idp_mock.login.forms import CodeForm
from idp_mock.tester import timeline

bp = Blueprint("sms", __name__)


@bp.get("/login/code")
def code_form():
    return code_page(open_flow(), CodeForm())


@bp.post("/login/code")
def code():
    auth_request, form = open_flow(), CodeForm()
    if not form.validate():
        return code_page(auth_request, form, 422)
    kind = sms.code_kind(auth_request)
    try:
        persona = sms.log_in_by_code(auth_request, form.code.data, request.remote_addr)
    except ServiceError as error:
        show_error(error, form)
        timeline.log(auth_request.id, "sms", f"{kind} не принят: {error.message}", False)
        return code_page(auth_request, form, 422)
    return signed_in(
        auth_request, persona, "PWD", "sms", f"{kind} верный: человек вошёл (amr = PWD)"
    )


@bp.post("/login/code/resend")
def resend_code():
    auth_request = open_flow()
    try:
        sms.resend_code(auth_request, person_of(auth_request), request.remote_addr)
    except ServiceError as error:
        form = CodeForm(formdata=None)
        show_error(error, form)
        return code_page(auth_request, form, 429)
    return redirect(url_for(".code_form", rid=auth_request.id), 303)
