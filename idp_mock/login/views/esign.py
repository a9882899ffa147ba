"""Login by electronic signature: the installed certificates, then a signed challenge."""

from flask import Blueprint, redirect, session, url_for
from wtforms.fields.choices import SelectChoice

from common import errors
from idp_mock.login import esign
from idp_mock.login.forms import SignatureForm
from idp_mock.login.sso import open_sso_session
from idp_mock.login.views.login import open_flow, page
from idp_mock.tester import timeline

bp = Blueprint("esign", __name__)


def signature_page(auth_request, form, status: int = 200):
    certificates = esign.installed()
    form.certificate.choices = [SelectChoice(c.id, c.owner_name) for c in certificates]
    periods = {c.id: esign.validity(c) for c in certificates}
    return page(
        "idp/login/signature.html",
        auth_request,
        status,
        form=form,
        certificates=certificates,
        periods=periods,
    )


@bp.get("/login/signature")
def signature_form():
    return signature_page(open_flow(), SignatureForm())


@bp.post("/login/signature")
def sign_in():
    auth_request, form = open_flow(), SignatureForm()
    if not form.validate():
        return signature_page(auth_request, form, 422)
    try:
        persona = esign.log_in(form.certificate.data)
    except errors.ServiceError as error:
        form.certificate.errors.append(error.message)
        timeline.log(
            auth_request.id, "signature", f"Вход по подписи отклонён: {error.message}", False
        )
        return signature_page(auth_request, form, 422)
    timeline.note(
        auth_request.id,
        "signature",
        "Плагин подписал случайный вызов выбранным сертификатом; подпись ГОСТ Р 34.10-2012 верна, "
        "сертификат действует и принадлежит владельцу учётной записи (amr = DS)",
    )
    session["sso"] = open_sso_session(auth_request, persona, "DS").id
    return redirect(url_for("login.consent_form", rid=auth_request.id), 303)
