"""Password recovery: a code by SMS or e-mail, a document check for confirmed accounts, a new
password by the policy; then every session and refresh token of the person is revoked."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from common.errors import ServiceError
from common.validators import normalize_phone, snils_digits
from idp_mock import clock, outbox
from idp_mock.config import setting
from idp_mock.login import lockout, sms, sso
from idp_mock.login.passwords import hash_password, password_problem, verify_password
from idp_mock.models import Persona, Recovery, db


def code_hash(recovery_id: str, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"recovery:{recovery_id}:{code}".encode(), hashlib.sha256).hexdigest()


def start(login: str, source: str) -> Recovery:
    """Send a code to the phone or e-mail typed, within the login codes' limits; an unknown
    one, or one over a limit, gets no code but the same answer, echoed as typed."""
    login = (login or "").strip()
    if looks_like_snils(login):
        raise ServiceError("login", "Введите телефон или электронную почту, а не СНИЛС")
    persona = lockout.find_persona(login)
    clock.follow(persona)
    check_source(source)
    channel = "email" if "@" in login else "sms"
    if persona is not None and not may_send(persona):
        persona = None
    now = clock.now()
    recovery = Recovery(
        id=secrets.token_urlsafe(24),
        persona_oid=persona.oid if persona else None,
        channel=channel,
        target=login,
        code_hash="",
        created_at=now,
        expires_at=now + timedelta(seconds=setting("OTP_TTL")),
    )
    code = (persona.fixed_code if persona else None) or f"{secrets.randbelow(10**6):06d}"
    recovery.code_hash = code_hash(recovery.id, code)
    if persona is not None:
        send(persona, channel, code)
    db.session.add(recovery)
    db.session.commit()
    return recovery


def looks_like_snils(login: str) -> bool:
    """Eleven digits that are not a phone: refused by their shape, whoever's they are."""
    digits = snils_digits(login)
    return "@" not in login and normalize_phone(login) is None and len(digits) == 11


def check_source(source: str) -> None:
    """The login codes' limit per source, counted for every start, known login or not."""
    try:
        sms.check_source(source)
    except ServiceError as error:
        raise ServiceError("login", error.message) from None


def may_send(persona: Persona) -> bool:
    """The login codes' resend pause and hourly cap, for recovery codes too."""
    now = clock.now()
    sent = select(Recovery.created_at).where(
        Recovery.persona_oid == persona.oid, Recovery.created_at > now - timedelta(hours=1)
    )
    times = list(db.session.scalars(sent))
    pause = timedelta(seconds=setting("OTP_RESEND_AFTER"))
    if any(moment > now - pause for moment in times):
        return False
    codes = len(times) + sms.codes_sent_last_hour(persona, sms.LOGIN)
    return codes < setting("OTP_MAX_PER_HOUR")


def send(persona: Persona, channel: str, code: str) -> None:
    text = f"Код для восстановления пароля на Госуслугах: {code}. Никому его не сообщайте."
    if channel == "email":
        outbox.send_email(persona.email, text, code)
    else:
        outbox.send_sms(persona.phone, text, code)


def check_code(recovery: Recovery, code: str) -> None:
    """The code, with three tries; each try takes a slot in SQL first, so parallel guesses
    cannot get past the limit."""
    if recovery.expires_at <= clock.now():
        raise ServiceError("code", "Срок действия кода истёк. Начните восстановление заново")
    left = take_try(recovery, Recovery.code_ok.is_(False), "code", CODE_SPENT)
    if recovery.persona_oid is None or not hmac.compare_digest(
        recovery.code_hash, code_hash(recovery.id, code.strip())
    ):
        db.session.commit()
        if left <= 0:
            raise ServiceError("code", CODE_SPENT)
        raise ServiceError("code", f"Код не подходит. Осталось попыток: {left}")
    recovery.code_ok, recovery.attempts = True, 0
    recovery.document_ok = not needs_document(person_of(recovery))
    db.session.commit()


CODE_SPENT = "Код введён неверно 3 раза. Начните восстановление заново"
DOCUMENT_SPENT = "Данные документа введены неверно 3 раза. Начните восстановление заново"


def take_try(recovery: Recovery, step, field: str, spent: str) -> int:
    """One more try at the step, if any is left (one conditional UPDATE); the tries left."""
    limit = setting("OTP_MAX_ATTEMPTS")
    taken = db.session.execute(
        update(Recovery)
        .where(Recovery.id == recovery.id, Recovery.attempts < limit, step)
        .values(attempts=Recovery.attempts + 1)
    ).rowcount
    if taken != 1:
        db.session.rollback()
        raise ServiceError(field, spent)
    db.session.refresh(recovery)
    return limit - recovery.attempts


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
    """SNILS or passport of a confirmed account, with three tries; then the recovery is spent
    (and the person's codes are capped per hour, so are the documents)."""
    left = take_try(recovery, Recovery.document_ok.is_(False), "document", DOCUMENT_SPENT)
    digits = "".join(ch for ch in value or "" if ch.isdigit())
    persona = person_of(recovery)
    if digits and (digits == persona.snils or digits in passport_numbers(persona)):
        recovery.document_ok = True
        db.session.commit()
        return
    if left <= 0:
        recovery.done = True
        db.session.commit()
        raise ServiceError("document", DOCUMENT_SPENT)
    db.session.commit()
    raise ServiceError(
        "document", "СНИЛС или паспорт не совпадает с данными учётной записи. Проверьте цифры"
    )


SAME_AS_BEFORE = "Новый пароль совпадает с прежним. Придумайте другой пароль"


def set_password(recovery: Recovery, password: str, confirm: str) -> Persona:
    """The new password; the lockout is lifted and every session and token is revoked."""
    problem = password_problem(password or "")
    if problem:
        raise ServiceError("password", problem)
    if password != confirm:
        raise ServiceError("confirm", "Пароли не совпадают. Введите новый пароль ещё раз")
    persona = person_of(recovery)
    if verify_password(persona.password_hash, password):
        raise ServiceError("password", SAME_AS_BEFORE)
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
