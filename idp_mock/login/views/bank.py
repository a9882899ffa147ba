"""Login through a bank: the list of banks, the bank's page, its SMS code, back to consent."""

from flask import Blueprint, abort, redirect, render_template, session, url_for

from common import errors
from idp_mock.login import bank, sms
from idp_mock.login.forms import BankLoginForm, CodeForm
from idp_mock.login.sso import open_sso_session
from idp_mock.login.views.login import NotLoggedIn, open_flow, page
from idp_mock.models import Persona, db
from idp_mock.tester import timeline

bp = Blueprint("bank", __name__)


@bp.get("/login/bank")
def choose():
    return page("idp/bank/choose.html", open_flow(), banks=bank.BANKS.values())


def bank_page(template: str, chosen, auth_request, form, status: int = 200, **context):
    html = render_template(
        f"idp/bank/{template}.html", bank=chosen, rid=auth_request.id, form=form, **context
    )
    return html, status


def chosen_bank(bank_id: str):
    return bank.bank_or_none(bank_id) or abort(404)


@bp.get("/bank/<bank_id>/login")
def login_form(bank_id: str):
    return bank_page("login", chosen_bank(bank_id), open_flow(), BankLoginForm())


@bp.post("/bank/<bank_id>/login")
def login(bank_id: str):
    chosen, auth_request, form = chosen_bank(bank_id), open_flow(), BankLoginForm()
    if not form.validate():
        return bank_page("login", chosen, auth_request, form, 422)
    try:
        bank.start(chosen, auth_request, form.login.data)
    except errors.ServiceError as error:
        getattr(form, error.field).errors.append(error.message)
        return bank_page("login", chosen, auth_request, form, 422)
    return redirect(url_for(".code_form", bank_id=bank_id, rid=auth_request.id), 303)


def code_page(chosen, auth_request, form, status: int = 200):
    persona = db.session.get(Persona, auth_request.persona_oid or 0)
    if persona is None or (persona.script or {}).get("bank") != chosen.id:
        raise NotLoggedIn(auth_request.id)
    return bank_page("code", chosen, auth_request, form, status, phone=persona.phone)


@bp.get("/bank/<bank_id>/code")
def code_form(bank_id: str):
    return code_page(chosen_bank(bank_id), open_flow(), CodeForm())


@bp.post("/bank/<bank_id>/code")
def code(bank_id: str):
    chosen, auth_request, form = chosen_bank(bank_id), open_flow(), CodeForm()
    if not form.validate():
        return code_page(chosen, auth_request, form, 422)
    try:
        code_page(chosen, auth_request, form)  # the customer must be this bank's
        sms.check_code(auth_request, form.code.data)
    except errors.ServiceError as error:
        form.code.errors.append(error.message)
        timeline.log(auth_request.id, "bank", f"Код банка не принят: {error.message}", False)
        return code_page(chosen, auth_request, form, 422)
    timeline.note(
        auth_request.id,
        "bank",
        f"{chosen.name} подтвердил личность клиента своим кодом из СМС; "
        "учётная запись связана с банком (amr = BNK)",
    )
    persona = db.session.get(Persona, auth_request.persona_oid)
    session["sso"] = open_sso_session(auth_request, persona, "BNK").id
    return redirect(url_for("login.consent_form", rid=auth_request.id), 303)
