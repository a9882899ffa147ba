"""The biometric second factor: the simulated camera page after the password."""

from flask import Blueprint, redirect, session, url_for

from common import errors
from idp_mock.login import biometrics
from idp_mock.login.forms import BiometricsForm
from idp_mock.login.sso import open_sso_session
from idp_mock.login.views.login import NotLoggedIn, open_flow, page
from idp_mock.models import Persona, db
from idp_mock.tester import timeline

bp = Blueprint("biometrics", __name__)


def flow_and_person():
    auth_request = open_flow()
    persona = db.session.get(Persona, auth_request.persona_oid or 0)
    if persona is None:
        raise NotLoggedIn(auth_request.id)
    return auth_request, persona


@bp.get("/login/biometrics")
def camera_form():
    auth_request, persona = flow_and_person()
    return page("idp/login/biometrics.html", auth_request, form=BiometricsForm(), persona=persona)


@bp.post("/login/biometrics")
def camera():
    auth_request, persona = flow_and_person()
    form = BiometricsForm()
    if not form.validate():
        return page("idp/login/biometrics.html", auth_request, 422, form=form, persona=persona)
    try:
        biometrics.check(persona, form.outcome.data or None)
    except errors.ServiceError as error:
        form.outcome.errors.append(error.message)
        timeline.log(
            auth_request.id, "biometrics", f"Биометрия не пройдена: {error.message}", False
        )
        return page("idp/login/biometrics.html", auth_request, 422, form=form, persona=persona)
    timeline.note(
        auth_request.id, "biometrics", "Лицо совпало с образцом: второй фактор пройден (amr = BIO)"
    )
    session["sso"] = open_sso_session(auth_request, persona, "BIO").id
    return redirect(url_for("login.consent_form", rid=auth_request.id), 303)
