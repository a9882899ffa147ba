"""Security: password change, the authenticator app («Вход с подтверждением → Приложение для
кодов»), active sessions and «Выйти везде»."""

from flask import render_template, session

from common.errors import ServiceError, show_error
from common.forms import EmptyForm
from idp_mock.login import totp
from idp_mock.profile import entry, qr, security
from idp_mock.profile.forms import PasswordForm, ProfileCodeForm
from idp_mock.profile.views.common import done, person, profile_blueprint, render

bp = profile_blueprint(__name__)


@bp.get("/profile/security")
def show():
    persona = person()
    return render(
        "security",
        persona=persona,
        app_on=totp.enabled(persona),
        sessions=entry.sessions_of(persona),
        current=session.get("sso"),
        form=EmptyForm(),
    )


def password_page(form: PasswordForm, status: int = 200):
    return render("password", status, form=form)


@bp.get("/profile/security/password")
def password_form():
    person()
    return password_page(PasswordForm())


@bp.post("/profile/security/password")
def change_password():
    persona, form = person(), PasswordForm()
    if not form.validate():
        return password_page(form, 422)
    try:
        fresh = security.change_password(
            persona, form.current.data, form.new.data, form.repeat.data
        )
    except ServiceError as error:
        show_error(error, form)
        return password_page(form, 422)
    session["sso"] = fresh.id
    return done("Пароль изменён. На других устройствах и в приложении войдите заново", ".show")


def app_page(form: ProfileCodeForm, status: int = 200):
    enrolment = security.start_app(person())
    size, path = qr.svg_path(enrolment["uri"])
    return render("app_codes", status, form=form, size=size, path=path, **enrolment)


@bp.get("/profile/security/app")
def app_form():
    return app_page(ProfileCodeForm())


@bp.post("/profile/security/app")
def connect_app():
    persona, form = person(), ProfileCodeForm()
    if not form.validate():
        return app_page(form, 422)
    try:
        security.confirm_app(persona, form.code.data)
    except ServiceError as error:
        show_error(error, form)
        return app_page(form, 422)
    return done("Приложение подключено: при входе введите код из него", ".show")


@bp.get("/profile/security/app/off")
def disconnect_app_form():
    person()
    return render("app_off", form=EmptyForm())


@bp.post("/profile/security/app/off")
def disconnect_app():
    security.stop_app(person())
    return done("Приложение отключено: при входе придёт код по СМС", ".show")


@bp.get("/profile/security/everywhere")
def log_out_everywhere_form():
    person()
    return render("everywhere", form=EmptyForm())


@bp.post("/profile/security/everywhere")
def log_out_everywhere():
    security.log_out_everywhere(person())
    session.pop("sso", None)
    return render_template("idp/logged_out.html")
