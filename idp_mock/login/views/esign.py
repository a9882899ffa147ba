"""Login by electronic signature: the installed certificates, then a signed challenge."""

from flask import Blueprint
from wtforms.fields.choices import SelectChoice

from common.errors import ServiceError, show_error
from idp_mock.login import esign
from idp_mock.login.flow import open_flow, page, signed_in
from idp_mock.login.forms import SignatureForm
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
    except ServiceError as error:
        show_error(error, form, fallback="certificate")
        timeline.log(
            auth_request.id, "signature", f"Вход по подписи отклонён: {error.message}", False
        )
        return signature_page(auth_request, form, 422)
    return signed_in(
        auth_request,
        persona,
        "DS",
        "signature",
        "Плагин подписал случайный вызов выбранным сертификатом; подпись ГОСТ Р 34.10-2012 верна, "
        "сертификат действует и принадлежит владельцу учётной записи (amr = DS)",
    )
