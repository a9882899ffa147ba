"""The trainer turns a person's authenticator app on or off from their console page."""

from flask import abort

from idp_mock.models import Persona, db
from idp_mock.tester import app_codes
from idp_mock.tester.console.pages import console_blueprint, done

bp = console_blueprint(__name__)
PERSON = "console_people.persona_form"


def persona_or_404(oid: int) -> Persona:
    return db.session.get(Persona, oid) or abort(404)


@bp.post("/personas/<int:oid>/totp")
def turn_on(oid: int):
    secret = app_codes.turn_on(persona_or_404(oid))["secret"]
    return done(f"Приложение для кодов подключено, секретный ключ: {secret}", PERSON, oid=oid)


@bp.post("/personas/<int:oid>/totp/off")
def turn_off(oid: int):
    app_codes.turn_off(persona_or_404(oid))
    return done("Приложение для кодов отключено: вход по коду из СМС", PERSON, oid=oid)
