"""Authenticator-app codes (RFC 6238: SHA-1, 30 s steps, 6 digits) on the person's clock, which
is their group's: one step either side is accepted, and each code only once. A wrong code counts
towards the same lockout as a wrong password."""

import hmac

import pyotp
from sqlalchemy import or_, update

from common.errors import ServiceError
from idp_mock import clock
from idp_mock.login import lockout
from idp_mock.models import OtpChallenge, Persona, db

ISSUER = "Госуслуги (симулятор)"
STEP = 30
WRONG = "Код не подходит. Введите код, который приложение показывает сейчас"
REUSED = "Этот код уже использован. Дождитесь нового кода в приложении"


def enabled(persona: Persona) -> bool:
    return bool(persona.totp_secret)


def new_secret() -> str:
    return pyotp.random_base32()


def uri(persona: Persona, secret: str) -> str:
    """The otpauth:// link the authenticator app reads from the QR code."""
    name = persona.phone or persona.email or str(persona.oid)
    return pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name=ISSUER)


def enable(persona: Persona, secret: str | None = None) -> str:
    """Turn app codes on with `secret` (a new one by default); the caller commits."""
    persona.totp_secret, persona.totp_last_step = secret or new_secret(), None
    return persona.totp_secret


def disable(persona: Persona) -> None:
    persona.totp_secret, persona.totp_last_step = None, None


def seconds_now(persona: Persona) -> int:
    clock.follow(persona)
    return clock.epoch(clock.now())


def code_at(secret: str, step: int) -> str:
    return pyotp.TOTP(secret).generate_otp(step)


def current_code(persona: Persona) -> tuple[str, int]:
    """The code the person's app shows now on their clock, and for how many seconds more."""
    now = seconds_now(persona)
    return code_at(persona.totp_secret, now // STEP), STEP - now % STEP


def matching_step(secret: str, code: str, now: int) -> int | None:
    """The time step whose code this is, looking one step either side for clock drift."""
    code = code.strip()
    for step in (now // STEP, now // STEP - 1, now // STEP + 1):
        if hmac.compare_digest(code_at(secret, step), code):
            return step
    return None


def check_code(persona: Persona, secret: str, code: str) -> int:
    """The step of a right code (not spending it); ServiceError for a wrong one."""
    step = matching_step(secret, code, seconds_now(persona))
    if step is None:
        raise ServiceError("code", WRONG)
    return step


def spend(persona: Persona, step: int) -> None:
    """Use the step once, in SQL: of two entries of one code only the first gets through."""
    used = db.session.execute(
        update(Persona)
        .where(
            Persona.oid == persona.oid,
            or_(Persona.totp_last_step.is_(None), Persona.totp_last_step < step),
        )
        .values(totp_last_step=step)
    ).rowcount
    if used != 1:
        db.session.rollback()
        raise ServiceError("code", REUSED)


def accept(persona: Persona, code: str, source: str) -> None:
    """A right, unused code of the person's app; a wrong one counts towards the lockout."""
    lockout.check_not_locked(persona)
    step = matching_step(persona.totp_secret, code, seconds_now(persona))
    if step is None:
        lockout.register_failure(persona, lockout.source_throttle(source))
        db.session.commit()
        lockout.check_not_locked(persona)
        raise ServiceError("code", WRONG)
    spend(persona, step)


def asks_app_code(persona: Persona, challenge: OtpChallenge | None) -> bool:
    """The code page asks for the app's code unless the person asked for an SMS instead."""
    return enabled(persona) and (challenge is None or challenge.persona_oid != persona.oid)
