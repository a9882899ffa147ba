"""Password recovery: a code by SMS or e-mail, a document check for confirmed accounts, a new
password by the policy; then every session and refresh token of the person is revoked."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app

from common.errors import ServiceError
from common.validators import snils_digits
from idp_mock import clock, outbox
from idp_mock.login import lockout, sso
from idp_mock.login.passwords import hash_password, password_problem
from idp_mock.models import Persona, Recovery, db


def code_hash(recovery_id: str, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"recovery:{recovery_id}:{code}".encode(), hashlib.sha256).hexdigest()


def start(login: str) -> Recovery:
    """Send a code to the phone or e-mail typed; an unknown one gets no code but looks the same."""
    login = (login or "").strip()
    persona = lockout.find_persona(login)
    channel = "email" if "@" in login else "sms"
    if persona is not None and persona.snils and snils_digits(login) == persona.snils:
        raise ServiceError("login", "Введите телефон или электронную почту, а не СНИЛС")
    now = clock.now()
    recovery = Recovery(
        id=secrets.token_urlsafe(24),
        persona_oid=persona.oid if persona else None,
        channel=channel,
        target=(persona.email if channel == "email" else persona.phone) if persona else login,
        code_hash="",
        created_at=now,
        expires_at=now + timedelta(seconds=current_app.config["OTP_TTL"]),
    )
    code = (persona.fixed_code if persona else None) or f"{secrets.randbelow(10**6):06d}"
    recovery.code_hash = code_hash(recovery.id, code)
    if persona is not None:
        send(recovery, code)
    db.session.add(recovery)
    db.session.commit()
    return recovery


def send(recovery: Recovery, code: str) -> None:
    text = f"Код для восстановления пароля на Госуслугах: {code}. Никому его не сообщайте."
    if recovery.channel == "email":
        outbox.send_email(recovery.target, text, code)
    else:
        outbox.send_sms(recovery.target, text, code)


def check_code(recovery: Recovery, code: str) -> None:
    if recovery.attempts >= current_app.config["OTP_MAX_ATTEMPTS"]:
        raise ServiceError("code", "Код введён неверно 3 раза. Начните восстановление заново")
    if recovery.expires_at <= clock.now():
        raise ServiceError("code", "Срок действия кода истёк. Начните восстановление заново")
    if recovery.persona_oid is None or not hmac.compare_digest(
        recovery.code_hash, code_hash(recovery.id, code.strip())
    ):
        recovery.attempts += 1
        db.session.commit()
        left = current_app.config["OTP_MAX_ATTEMPTS"] - recovery.attempts
        if left <= 0:
            raise ServiceError("code", "Код введён неверно 3 раза. Начните восстановление заново")
        raise ServiceError("code", f"Код не подходит. Осталось попыток: {left}")
    recovery.code_ok = True
    recovery.document_ok = not needs_document(person_of(recovery))
    db.session.commit()


def person_of(recovery: Recovery) -> Persona:
    return db.session.get(Persona, recovery.persona_oid)


def needs_document(persona: Persona) -> bool:
    """Gosuslugi asks a confirmed account for a document too: a code alone is not enough."""
    return persona.level == "confirmed"


def passport_numbers(persona: Persona) -> set[str]:
    return {
        "".join(ch for ch in f"{d.get('series', '')}{d.get('number', '')}" if ch.isdigit())
        for d in persona.documents or []
        if d.get("type") == "RF_PASSPORT"
    }


def check_document(recovery: Recovery, value: str) -> None:
    digits = "".join(ch for ch in value or "" if ch.isdigit())
    persona = person_of(recovery)
    if digits and (digits == persona.snils or digits in passport_numbers(persona)):
        recovery.document_ok = True
        db.session.commit()
        return
    raise ServiceError(
        "document", "СНИЛС или паспорт не совпадает с данными учётной записи. Проверьте цифры"
    )


def set_password(recovery: Recovery, password: str, confirm: str) -> Persona:
    """The new password; the lockout is lifted and every session and token is revoked."""
    problem = password_problem(password or "")
    if problem:
        raise ServiceError("password", problem)
    if password != confirm:
        raise ServiceError("confirm", "Пароли не совпадают. Введите новый пароль ещё раз")
    persona = person_of(recovery)
    persona.password_hash = hash_password(password)
    persona.failed_logins, persona.locked_until = 0, None
    sso.revoke_person(persona.oid)
    recovery.done = True
    if persona.phone:
        outbox.send_sms(
            persona.phone,
            "Пароль от Госуслуг изменён. Если это были не вы, обратитесь в поддержку.",
        )
    db.session.commit()
    return persona
