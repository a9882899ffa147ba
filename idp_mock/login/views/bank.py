"""Login through a bank: the list of banks, the bank's page, its SMS code, back to consent."""

from flask import Blueprint, abort, redirect, render_template, request, url_for

from common.errors import ServiceError, show_error
from idp_mock.login import bank
from idp_mock.login.flow import NotLoggedIn, open_flow, page, signed_in
from idp_mock.login.forms import BankLoginForm, CodeForm
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
        bank.start(chosen, auth_request, form.login.data, request.remote_addr)
    except ServiceError as error:
        show_error(error, form, fallback="login")
        return bank_page("login", chosen, auth_request, form, 422)
    return redirect(url_for(".code_form", bank_id=bank_id, rid=auth_request.id), 303)


def customer_of(chosen, auth_request):
    """The person this bank sent its code to; back to the login page if it sent none."""
    persona = bank.pending_customer(chosen, auth_request)
    if persona is None:
        raise NotLoggedIn(auth_request.id)
    return persona


def code_page(chosen, auth_request, form, status: int = 200):
    persona = customer_of(chosen, auth_request)
    return bank_page("code", chosen, auth_request, form, status, phone=persona.phone)


@bp.get("/bank/<bank_id>/code")
def code_form(bank_id: str):
    return code_page(chosen_bank(bank_id), open_flow(), CodeForm())


@bp.post("/bank/<bank_id>/code")
def code(bank_id: str):
    chosen, auth_request, form = chosen_bank(bank_id), open_flow(), CodeForm()
    if not form.validate():
        return code_page(chosen, auth_request, form, 422)
    customer_of(chosen, auth_request)
    try:
        persona = bank.log_in(chosen, auth_request, form.code.data)
    except ServiceError as error:
        show_error(error, form)
        timeline.log(auth_request.id, "bank", f"Код банка не принят: {error.message}", False)
        return code_page(chosen, auth_request, form, 422)
    return signed_in(
        auth_request,
        persona,
        "BNK",
        "bank",
        f"{chosen.name} подтвердил личность клиента своим кодом из СМС; "
        "учётная запись связана с банком (amr = BNK)",
    )
