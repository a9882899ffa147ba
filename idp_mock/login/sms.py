"""One-time SMS codes bound to a login attempt: sending, the resend pause and hourly limit,
checking with three tries."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update

from common.errors import ServiceError
from idp_mock import clock, outbox
from idp_mock.config import setting
from idp_mock.login import biometrics
from idp_mock.models import AuthRequest, OtpChallenge, Persona, db


def code_hash(auth_request_id: str, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{auth_request_id}:{code}".encode(), hashlib.sha256).hexdigest()


def latest_challenge(auth_request: AuthRequest) -> OtpChallenge | None:
    return db.session.scalar(
        select(OtpChallenge)
        .where(OtpChallenge.auth_request_id == auth_request.id)
        .order_by(OtpChallenge.created_at.desc(), OtpChallenge.id.desc())
        .limit(1)
    )


def resend_available_at(auth_request: AuthRequest) -> datetime | None:
    challenge = latest_challenge(auth_request)
    if challenge is None:
        return None
    return challenge.created_at + timedelta(seconds=setting("OTP_RESEND_AFTER"))


def codes_sent_last_hour(persona: Persona) -> int:
    since = clock.now() - timedelta(hours=1)
    return db.session.scalar(
        select(func.count(OtpChallenge.id)).where(
            OtpChallenge.persona_oid == persona.oid, OtpChallenge.created_at > since
        )
    )


def check_resend_allowed(auth_request: AuthRequest, persona: Persona) -> None:
    previous = latest_challenge(auth_request)
    available = resend_available_at(auth_request)
    if previous and previous.persona_oid == persona.oid and available > clock.now():
        seconds = int((available - clock.now()).total_seconds()) + 1
        raise ServiceError("code", f"Новый код можно получить через {seconds} с")
    if codes_sent_last_hour(persona) >= setting("OTP_MAX_PER_HOUR"):
        raise ServiceError(
            "code", "Вы запросили слишком много кодов. Новый код можно получить через час"
        )


def send_code(auth_request: AuthRequest, persona: Persona, sender: str | None = None) -> None:
    """Send a fresh 6-digit code for this login attempt; the earlier one stops working.
    A bank (`sender`) sends its own code, not bound by the simulator's resend pause."""
    if sender is None:
        check_resend_allowed(auth_request, persona)
    previous = latest_challenge(auth_request)
    if previous:
        previous.spent = True
    code = persona.fixed_code or f"{secrets.randbelow(10**6):06d}"
    now = clock.now()
    db.session.add(
        OtpChallenge(
            auth_request_id=auth_request.id,
            persona_oid=persona.oid,
            code_hash=code_hash(auth_request.id, code),
            created_at=now,
            expires_at=now + timedelta(seconds=setting("OTP_TTL")),
        )
    )
    text = f"Код подтверждения входа на Госуслуги: {code}. Никому его не сообщайте."
    if sender:
        text = f"{sender}: код для входа на Госуслуги через банк {code}. Никому его не сообщайте."
    if sms_arrives(persona):
        outbox.send_sms(persona.phone, text, code)
    db.session.commit()


# Magic numbers, as login.gov has: an SMS to +7 900 000-00-01 … -09 never arrives.
NEVER_DELIVERED = "+790000000"


def sms_arrives(persona: Persona) -> bool:
    """False for a scripted "sms": "never" or a magic never-delivered number."""
    if (persona.script or {}).get("sms") == "never":
        return False
    return not (persona.phone or "").startswith(NEVER_DELIVERED)


def ensure_code(auth_request: AuthRequest, persona: Persona) -> None:
    """Make this attempt the person's and send a code, unless it has a live one (back button)."""
    auth_request.persona_oid = persona.oid
    current = latest_challenge(auth_request)
    if (
        current
        and not current.spent
        and current.persona_oid == persona.oid
        and current.expires_at > clock.now()
    ):
        db.session.commit()
        return
    send_code(auth_request, persona)


def check_code(auth_request: AuthRequest, code: str) -> None:
    """Accept the current code once; three wrong entries or expiry spend it."""
    challenge = latest_challenge(auth_request)
    if challenge is None or challenge.spent:
        raise ServiceError("code", "Код больше не действует. Получите новый код")
    if challenge.expires_at <= clock.now():
        raise ServiceError("code", "Срок действия кода истёк. Получите новый код")
    if not hmac.compare_digest(challenge.code_hash, code_hash(auth_request.id, code.strip())):
        left = count_wrong_code(challenge)
        if left <= 0:
            raise ServiceError("code", "Код введён неверно 3 раза. Получите новый код")
        raise ServiceError("code", f"Код не подходит. Осталось попыток: {left}")
    spend(challenge)


def count_wrong_code(challenge: OtpChallenge) -> int:
    """One more wrong entry, counted in SQL so guesses on several instances add up."""
    limit = setting("OTP_MAX_ATTEMPTS")
    db.session.execute(
        update(OtpChallenge)
        .where(OtpChallenge.id == challenge.id)
        .values(attempts=OtpChallenge.attempts + 1)
    )
    db.session.execute(
        update(OtpChallenge)
        .where(OtpChallenge.id == challenge.id, OtpChallenge.attempts >= limit)
        .values(spent=True)
    )
    db.session.commit()
    db.session.refresh(challenge)
    return limit - challenge.attempts


def spend(challenge: OtpChallenge) -> None:
    """Use the code once: of two concurrent entries of the right code only one gets through."""
    spent = db.session.execute(
        update(OtpChallenge)
        .where(
            OtpChallenge.id == challenge.id,
            OtpChallenge.spent.is_(False),
            OtpChallenge.attempts < setting("OTP_MAX_ATTEMPTS"),
        )
        .values(spent=True)
    ).rowcount
    if spent != 1:
        db.session.rollback()
        raise ServiceError("code", "Код больше не действует. Получите новый код")


def log_in_by_code(auth_request: AuthRequest, code: str) -> Persona:
    """The person whose right code this is (the caller opens the SSO session); ServiceError else."""
    check_code(auth_request, code)
    persona = db.session.get(Persona, auth_request.persona_oid)
    biometrics.reset(persona)
    return persona
