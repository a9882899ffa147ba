"""Login by the Gosuslugi app: the desktop page with the QR code; on the phone, the app's
sign-in (password, then SMS code) and the page that decides a scanned request."""

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
from idp_mock.login import app_device, app_login
from idp_mock.login.flow import open_flow, to_consent
from idp_mock.login.forms import AppDecisionForm, CodeForm, LoginForm
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


def this_phone():
    """The app signed in on this phone, if any."""
    return app_device.signed_in(request.cookies.get(app_device.COOKIE))


def to_sign_in(token: str | None = None):
    return redirect(url_for(".sign_in_form", qr=token), 303)


def phone_page(confirmation: AppConfirmation, persona: Persona, form=None, status: int = 200):
    app_login.refresh(confirmation)
    form = form or AppDecisionForm()
    form.number.choices = [SelectChoice(n, str(n)) for n in app_login.choices(confirmation)]
    auth_request = db.session.get(AuthRequest, confirmation.auth_request_id)
    return render_template(
        "idp/app/phone.html",
        confirmation=confirmation,
        persona=persona,
        form=form,
        signed_out=EmptyForm(),
        client=db.session.get(Client, auth_request.client_id),
    ), status


@bp.get("/app/qr/<token>")
def phone(token: str):
    confirmation, device = confirmation_or_404(token), this_phone()
    if device is None:
        return to_sign_in(token)
    return phone_page(confirmation, app_device.owner(device))


@bp.post("/app/qr/<token>")
def decide(token: str):
    confirmation, device = confirmation_or_404(token), this_phone()
    if device is None:
        return to_sign_in(token)
    persona, form = app_device.owner(device), AppDecisionForm()
    form.number.choices = [SelectChoice(n, str(n)) for n in app_login.choices(confirmation)]
    approve = request.form.get("decision") == "approve"
    if not form.validate() or (approve and form.number.data is None):
        if approve and not form.number.errors:
            form.number.errors.append("Выберите число, которое показано на экране компьютера")
        return phone_page(confirmation, persona, form, 422)
    try:
        app_login.decide(confirmation, persona, approve, form.number.data)
    except ServiceError as error:
        show_error(error, form)
        return phone_page(confirmation, persona, form, 422)
    return redirect(url_for(".phone", token=token), 303)


@bp.get("/app")
def home():
    device = this_phone()
    if device is None:
        return to_sign_in()
    persona = app_device.owner(device)
    return render_template("idp/app/home.html", persona=persona, form=EmptyForm())


def app_page(template: str, form, status: int = 200, **context):
    """A page of the app's sign-in; `qr` is the scanned request to go back to afterwards."""
    qr = request.args.get("qr")
    return render_template(f"idp/app/{template}.html", form=form, qr=qr, **context), status


class AppSignedOut(Exception):
    """The phone has no sign-in in progress: back to the app's sign-in page."""


@bp.errorhandler(AppSignedOut)
def signed_out(error):
    return to_sign_in(request.args.get("qr"))


def pending_sign_in():
    device = app_device.device_of(request.cookies.get(app_device.COOKIE))
    if device is None or device.status != "pending":
        raise AppSignedOut
    return device


def code_page(device, form, status: int = 200):
    return app_page("code", form, status, phone=app_device.owner(device).phone or "")


@bp.get("/app/login")
def sign_in_form():
    if this_phone() is not None:
        return after_sign_in()
    return app_page("sign_in", LoginForm())


@bp.post("/app/login")
def sign_in():
    form = LoginForm()
    if not form.validate():
        return app_page("sign_in", form, 422)
    try:
        secret = app_device.start_sign_in(form.login.data, form.password.data, request.remote_addr)
    except ServiceError as error:
        show_error(error, form, fallback="login")
        return app_page("sign_in", form, 422)
    response = redirect(url_for(".code_form", qr=request.args.get("qr")), 303)
    return app_device.remember(response, secret)


@bp.get("/app/login/code")
def code_form():
    return code_page(pending_sign_in(), CodeForm())


@bp.post("/app/login/code")
def code():
    device, form = pending_sign_in(), CodeForm()
    if not form.validate():
        return code_page(device, form, 422)
    try:
        app_device.confirm_sign_in(device, form.code.data)
    except ServiceError as error:
        show_error(error, form, fallback="code")
        return code_page(device, form, 422)
    return after_sign_in()


def after_sign_in():
    token = request.args.get("qr")
    return redirect(url_for(".phone", token=token) if token else url_for(".home"), 303)


@bp.post("/app/logout")
def sign_out():
    app_device.sign_out(app_device.device_of(request.cookies.get(app_device.COOKIE)))
    return app_device.forget(redirect(url_for(".sign_in_form"), 303))
