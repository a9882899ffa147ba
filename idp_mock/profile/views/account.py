"""The account level: registration of a simplified account, and the ways to confirm one."""

from flask import request, session

from common.errors import ServiceError, show_error
from common.forms import EmptyForm
from idp_mock.models import Persona, db
from idp_mock.profile import levels, personal
from idp_mock.profile.forms import ProfileCodeForm, RegisterForm
from idp_mock.profile.views.common import done, person, profile_blueprint, render

bp = profile_blueprint(__name__)
OVERVIEW = "profile_overview.overview"


def level_page(persona: Persona, form: ProfileCodeForm, status: int = 200):
    return render(
        "level",
        status,
        persona=persona,
        check=personal.latest(persona),
        letter_sent=levels.letter_sent(persona),
        may_confirm=levels.standard(persona),
        form=form,
        empty=EmptyForm(),
    )


@bp.get("/profile/level")
def show():
    return level_page(person(), ProfileCodeForm())


@bp.post("/profile/level/bank")
def confirm_by_bank():
    persona = person()
    try:
        levels.confirm_by_bank(persona)
    except ServiceError as error:
        show_error(error)
        return level_page(persona, ProfileCodeForm(formdata=None), 422)
    return done("Учётная запись подтверждена", ".show")


@bp.post("/profile/level/letter")
def send_letter():
    persona = person()
    try:
        levels.send_letter(persona, request.remote_addr)
    except ServiceError as error:
        show_error(error)
        return level_page(persona, ProfileCodeForm(formdata=None), 422)
    return done("Письмо с кодом подтверждения отправлено", ".show")


@bp.post("/profile/level/letter/code")
def confirm_by_letter():
    persona, form = person(), ProfileCodeForm()
    if not form.validate():
        return level_page(persona, form, 422)
    try:
        levels.confirm_by_letter(persona, form.code.data)
    except ServiceError as error:
        show_error(error, form)
        return level_page(persona, form, 422)
    return done("Учётная запись подтверждена", ".show")


def register_page(form: RegisterForm, status: int = 200):
    return render("register", status, form=form)


@bp.get("/profile/register")
def register_form():
    return register_page(RegisterForm())


@bp.post("/profile/register")
def register():
    form = RegisterForm()
    if not form.validate():
        return register_page(form, 422)
    try:
        persona = levels.register(form.data, request.remote_addr)
    except ServiceError as error:
        show_error(error, form)
        return register_page(form, 422)
    session["registering"] = persona.oid
    return done("Мы отправили код на ваш телефон", ".registration_code_form")


def registering() -> Persona | None:
    oid = session.get("registering")
    return db.session.get(Persona, oid) if oid else None


def registration_code_page(form: ProfileCodeForm, status: int = 200):
    persona = registering()
    if persona is None:
        return done("Начните регистрацию заново", ".register_form")
    return render("register_code", status, form=form, phone=persona.phone)


@bp.get("/profile/register/code")
def registration_code_form():
    return registration_code_page(ProfileCodeForm())


@bp.post("/profile/register/code")
def finish_registration():
    persona, form = registering(), ProfileCodeForm()
    if persona is None or not form.validate():
        return registration_code_page(form, 422)
    try:
        fresh = levels.finish_registration(persona, form.code.data)
    except ServiceError as error:
        show_error(error, form)
        return registration_code_page(form, 422)
    session.pop("registering", None)
    session["sso"] = fresh.id
    return done("Учётная запись создана. Заполните персональные данные", OVERVIEW)
