"""Faults from the console: the live ones, switching one on, switching one off."""

from flask import abort

from common.errors import ServiceError, show_error
from common.forms import EmptyForm
from idp_mock.tester import console_input, faults
from idp_mock.tester.console.forms import FaultForm
from idp_mock.tester.console.pages import console_blueprint, done, render

bp = console_blueprint(__name__)


def faults_page(form: FaultForm, status: int = 200):
    return render("faults", status, form=form, faults=faults.live(), empty=EmptyForm())


@bp.get("/faults")
def faults_form():
    return faults_page(FaultForm())


@bp.post("/faults")
def add_fault():
    form = FaultForm()
    if not form.validate():
        return faults_page(form, 422)
    try:
        console_input.add_fault(form.data)
    except ServiceError as error:
        show_error(error, form, fallback="kind")
        return faults_page(form, 422)
    return done("Сбой включён", ".faults_form")


@bp.post("/faults/<int:fault_id>/clear")
def clear_fault(fault_id: int):
    if not faults.clear(fault_id):
        abort(404)
    return done("Сбой отключён", ".faults_form")
