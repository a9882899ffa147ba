"""Login by the Gosuslugi app: the desktop page with the QR code, and the phone's app page."""

from flask import (
    Blueprint,
    abort,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from wtforms.fields.choices import SelectChoice

from common.errors import ServiceError, show_error
from common.forms import EmptyForm
from common.responses import render_page_or_block, wants_block
from idp_mock.login import app_login
from idp_mock.login.flow import open_flow, to_consent
from idp_mock.login.forms import AppDecisionForm, AppWhoForm
from idp_mock.models import AppConfirmation, AuthRequest, Client, Persona, db
from idp_mock.tester import timeline

bp = Blueprint("app_login", __name__)
STATUS_ID = "app-status"


@bp.get("/login/app")
def desktop():
    auth_request = open_flow()
    if auth_request.authenticated_at:
        return to_consent(auth_request)
    confirmation = app_login.latest(auth_request.id) or app_login.start(auth_request)
    app_login.refresh(confirmation)
    if confirmation.status == "approved":
        timeline.note(
            auth_request.id,
            "app",
            "Вход подтверждён в приложении Госуслуги: выбрано верное число (amr = MOB)",
        )
        session["sso"] = app_login.finish(auth_request, confirmation).id
        return to_consent(auth_request)
    if wants_block(STATUS_ID):
        return status_block(auth_request, confirmation)
    phone_url = url_for(".phone", token=confirmation.id, _external=True)
    return render_page_or_block(
        "idp/app/desktop.html",
        "status",
        STATUS_ID,
        rid=auth_request.id,
        client=db.session.get(Client, auth_request.client_id),
        confirmation=confirmation,
        phone_url=phone_url,
        qr=app_login.qr_data_uri(phone_url),
        form=EmptyForm(),
    )


def status_block(auth_request, confirmation):
    """The poll: a few hundred bytes while pending (304 when unchanged); once refused or
    expired, 286 stops polling and HX-Refresh reloads the page without the QR code."""
    if confirmation.status != "pending":
        response = make_response("", 286)
        response.headers["HX-Refresh"] = "true"
        return response
    response = render_page_or_block(
        "idp/app/desktop.html", "status", STATUS_ID, rid=auth_request.id, confirmation=confirmation
    )
    response.headers["Cache-Control"] = "no-cache"
    response.add_etag()
    return response.make_conditional(request)


@bp.post("/login/app")
def restart():
    """A new QR code after the last one expired or was refused."""
    auth_request = open_flow()
    app_login.start(auth_request)
    return redirect(url_for(".desktop", rid=auth_request.id), 303)


def confirmation_or_404(token: str) -> AppConfirmation:
    return db.session.get(AppConfirmation, token) or abort(404)


def phone_page(confirmation: AppConfirmation, form=None, status: int = 200):
    app_login.refresh(confirmation)
    persona = (
        db.session.get(Persona, confirmation.persona_oid) if confirmation.persona_oid else None
    )
    if form is None:
        form = AppDecisionForm() if persona else AppWhoForm()
    if persona and isinstance(form, AppDecisionForm):
        form.number.choices = [SelectChoice(n, str(n)) for n in app_login.choices(confirmation)]
    auth_request = db.session.get(AuthRequest, confirmation.auth_request_id)
    return render_template(
        "idp/app/phone.html",
        confirmation=confirmation,
        persona=persona,
        form=form,
        client=db.session.get(Client, auth_request.client_id),
    ), status


@bp.get("/app/qr/<token>")
def phone(token: str):
    return phone_page(confirmation_or_404(token))


@bp.post("/app/qr/<token>/who")
def identify(token: str):
    confirmation, form = confirmation_or_404(token), AppWhoForm()
    if not form.validate():
        return phone_page(confirmation, form, 422)
    try:
        app_login.identify(confirmation, form.login.data)
    except ServiceError as error:
        show_error(error, form)
        return phone_page(confirmation, form, 422)
    return redirect(url_for(".phone", token=token), 303)


@bp.post("/app/qr/<token>")
def decide(token: str):
    confirmation = confirmation_or_404(token)
    if confirmation.persona_oid is None:
        return redirect(url_for(".phone", token=token), 303)
    form = AppDecisionForm()
    form.number.choices = [SelectChoice(n, str(n)) for n in app_login.choices(confirmation)]
    approve = request.form.get("decision") == "approve"
    if not form.validate() or (approve and form.number.data is None):
        if approve and not form.number.errors:
            form.number.errors.append("Выберите число, которое показано на экране компьютера")
        return phone_page(confirmation, form, 422)
    try:
        app_login.decide(confirmation, approve, form.number.data)
    except ServiceError as error:
        show_error(error, form)
        return phone_page(confirmation, form, 422)
    return redirect(url_for(".phone", token=token), 303)
