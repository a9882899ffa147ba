"""Security: the password, the authenticator app, the person's sessions. A new password signs
out every other session and the Gosuslugi app on the phone; «Выйти везде» signs out all."""

from common.errors import ServiceError
from idp_mock.login import app_device, sso, totp
from idp_mock.login.passwords import hash_password, password_problem, verify_password
from idp_mock.login.sso import open_sso_session
from idp_mock.models import AuthRequest, Persona, SsoSession, db
from idp_mock.profile import checks

APP_KIND = "totp"


def change_password(persona: Persona, current: str, new: str, repeat: str) -> SsoSession:
    """Set the new password, end every session and app sign-in, and answer a fresh session
    for this browser."""
    if not verify_password(persona.password_hash, current or ""):
        raise ServiceError("current", "Текущий пароль введён неверно")
    problem = password_problem(new or "")
    if problem:
        raise ServiceError("new", problem)
    if new != repeat:
        raise ServiceError("repeat", "Пароли не совпадают. Введите новый пароль ещё раз")
    persona.password_hash = hash_password(new)
    sign_out_everywhere(persona)
    return open_session(persona)


def sign_out_everywhere(persona: Persona) -> None:
    """End every session, token and app sign-in of the person; the caller commits."""
    sso.revoke_person(persona.oid)
    app_device.forget_person(persona.oid)


def open_session(persona: Persona) -> SsoSession:
    """A session for this browser after a password change (commits)."""
    holder = AuthRequest(persona_oid=persona.oid)  # not stored: the session needs no login
    session_row = open_sso_session(holder, persona, "PWD")
    return session_row


def log_out_everywhere(persona: Persona) -> None:
    sign_out_everywhere(persona)
    db.session.commit()


def start_app(persona: Persona) -> dict:
    """A new secret to put in the app, kept until its first code is entered."""
    check = checks.pending(persona, APP_KIND)
    if check is None:
        check = checks.open_check(persona, APP_KIND, {"secret": totp.new_secret()}, 900)
        db.session.commit()
    secret = check.value["secret"]
    return {"secret": secret, "uri": totp.uri(persona, secret)}


def confirm_app(persona: Persona, code: str) -> None:
    """The app's first right code turns app codes on, and that code is spent."""
    check = checks.pending(persona, APP_KIND)
    if check is None:
        raise ServiceError("code", "Начните подключение приложения заново")
    step = totp.check_code(persona, check.value["secret"], code or "")
    totp.enable(persona, check.value["secret"])
    persona.totp_last_step = step
    check.status = "ok"
    db.session.commit()


def stop_app(persona: Persona) -> None:
    totp.disable(persona)
    db.session.commit()
