"""Login by electronic signature: the certificates installed in this browser, the PIN, then a
signed challenge; and importing a key container into the browser."""

from flask import Blueprint, redirect, request, url_for
from wtforms.fields.choices import SelectChoice

from common.errors import ServiceError, show_error
from idp_mock.login import esign, key_containers
from idp_mock.login.flow import open_flow, page, signed_in
from idp_mock.login.forms import CertificateImportForm, SignatureForm
from idp_mock.tester import timeline

bp = Blueprint("esign", __name__)


def plugin_secret() -> str | None:
    return request.cookies.get(key_containers.COOKIE)


def signature_page(auth_request, form, status: int = 200):
    installs = key_containers.installed(plugin_secret())
    certificates = {i.id: key_containers.certificate_of(i) for i in installs}
    form.certificate.choices = [SelectChoice(i, c.owner_name) for i, c in certificates.items()]
    periods = {i: esign.validity(c) for i, c in certificates.items()}
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
        persona = key_containers.log_in(
            plugin_secret(), form.certificate.data, form.pin.data, request.remote_addr
        )
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
        "Плагин открыл контейнер ключа PIN-кодом и подписал случайный вызов; подпись "
        "ГОСТ Р 34.10-2012 верна, сертификат действует и принадлежит владельцу учётной записи "
        "(amr = DS)",
    )


@bp.get("/login/signature/install")
def install_form():
    return page("idp/login/install.html", open_flow(), form=CertificateImportForm())


@bp.post("/login/signature/install")
def install():
    auth_request, form = open_flow(), CertificateImportForm()
    if not form.validate():
        return page("idp/login/install.html", auth_request, 422, form=form)
    try:
        secret = key_containers.install(
            plugin_secret(), form.container.data, form.pin.data, request.remote_addr
        )
    except ServiceError as error:
        show_error(error, form, fallback="container")
        return page("idp/login/install.html", auth_request, 422, form=form)
    response = redirect(url_for(".signature_form", rid=auth_request.id), 303)
    return key_containers.remember(response, secret)
