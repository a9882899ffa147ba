"""The tester's hold on a person's authenticator app: turn it on or off, read today's code."""

from common.errors import ServiceError
from idp_mock.login import totp
from idp_mock.models import Persona, db


def turn_on(persona: Persona) -> dict:
    """A new secret for the person (the old app stops working) and its otpauth:// link."""
    secret = totp.enable(persona)
    db.session.commit()
    return {"secret": secret, "uri": totp.uri(persona, secret)}


def turn_off(persona: Persona) -> None:
    totp.disable(persona)
    db.session.commit()


def code_now(persona: Persona) -> dict:
    """The code the person's app shows now, on their group's clock."""
    if not totp.enabled(persona):
        raise ServiceError("totp", "У пользователя не подключено приложение для кодов")
    code, valid_for = totp.current_code(persona)
    return {"code": code, "valid_for": valid_for}


def shown(persona: Persona) -> dict | None:
    """The current code for the console, None when the person has no app codes."""
    return code_now(persona) if totp.enabled(persona) else None
