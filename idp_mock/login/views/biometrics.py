"""The biometric second factor: the simulated camera page after the password."""

from flask import Blueprint

from common.errors import ServiceError, show_error
from idp_mock.login import biometrics
from idp_mock.login.flow import open_flow, page, person_of, signed_in
from idp_mock.login.forms import BiometricsForm
from idp_mock.tester import timeline

bp = Blueprint("biometrics", __name__)


def camera_page(auth_request, form, status: int = 200):
    persona = person_of(auth_request)
    return page(
        "idp/login/biometrics.html",
        auth_request,
        status,
        form=form,
        persona=persona,
        scriptable=biometrics.scriptable(),
    )


@bp.get("/login/biometrics")
def camera_form():
    return camera_page(open_flow(), BiometricsForm())


@bp.post("/login/biometrics")
def camera():
    auth_request, form = open_flow(), BiometricsForm()
    persona = person_of(auth_request)
    if not form.validate():
        return camera_page(auth_request, form, 422)
    try:
        biometrics.check(persona, form.outcome.data or None)
    except ServiceError as error:
        show_error(error, form)
        timeline.log(
            auth_request.id, "biometrics", f"Биометрия не пройдена: {error.message}", False
        )
        return camera_page(auth_request, form, 422)
    return signed_in(
        auth_request,
        persona,
        "BIO",
        "biometrics",
        "Лицо совпало с образцом: второй фактор пройден (amr = BIO)",
    )
