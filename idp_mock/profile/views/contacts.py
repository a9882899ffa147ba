"""Contacts: a new phone or e-mail, or the current one, confirmed by a code sent to it."""

from flask import abort, request

from common.errors import ServiceError, show_error
from common.forms import EmptyForm
from idp_mock.profile import contacts
from idp_mock.profile.forms import ContactForm, ProfileCodeForm
from idp_mock.profile.views.common import done, person, profile_blueprint, render

bp = profile_blueprint(__name__)


def kind_or_404(kind: str) -> str:
    return kind if kind in contacts.KINDS else abort(404)


@bp.get("/profile/contacts")
def show():
    return render("contacts", persona=person(), form=EmptyForm())


def change_page(kind: str, form: ContactForm, status: int = 200):
    return render("contact_edit", status, kind=kind, form=form)


@bp.get("/profile/contacts/<kind>")
def change_form(kind: str):
    return change_page(kind_or_404(kind), ContactForm())


@bp.post("/profile/contacts/<kind>")
def change(kind: str):
    persona, form, kind = person(), ContactForm(), kind_or_404(kind)
    if not form.validate():
        return change_page(kind, form, 422)
    try:
        contacts.send(persona, kind, form.value.data, request.remote_addr)
    except ServiceError as error:
        show_error(error, form, fallback="value")
        return change_page(kind, form, 422)
    return done("Мы отправили код. Введите его, чтобы подтвердить", ".code_form", kind=kind)


@bp.post("/profile/contacts/<kind>/current")
def confirm_current(kind: str):
    persona, kind = person(), kind_or_404(kind)
    try:
        contacts.send(persona, kind, None, request.remote_addr)
    except ServiceError as error:
        show_error(error)  # flashed above the page: the form has no field
        return render("contacts", 422, persona=persona, form=EmptyForm())
    return done("Мы отправили код. Введите его, чтобы подтвердить", ".code_form", kind=kind)


def code_page(kind: str, form: ProfileCodeForm, status: int = 200):
    waiting = contacts.waiting(person(), kind)
    return render("contact_code", status, kind=kind, form=form, waiting=waiting)


@bp.get("/profile/contacts/<kind>/code")
def code_form(kind: str):
    return code_page(kind_or_404(kind), ProfileCodeForm())


@bp.post("/profile/contacts/<kind>/code")
def confirm(kind: str):
    persona, form, kind = person(), ProfileCodeForm(), kind_or_404(kind)
    if not form.validate():
        return code_page(kind, form, 422)
    try:
        target = contacts.confirm(persona, kind, form.code.data)
    except ServiceError as error:
        show_error(error, form)
        return code_page(kind, form, 422)
    return done(f"Подтверждено: {target}", ".show")
