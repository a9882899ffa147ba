"""One-time SMS codes bound to a login attempt, the person and the channel (the SMS login or
a bank): sending under one set of rules for every channel (resend pause, hourly limit, limit
per source), checking with three tries."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update

from common.errors import ServiceError
from common.per_request import forget, once_per_request
from idp_mock import clock, group_scope, outbox
from idp_mock.config import setting
from idp_mock.login import biometrics, lockout, totp
from idp_mock.models import AuthRequest, OtpChallenge, Persona, db

# The channel of the simulator's own SMS login; a bank's codes use the bank's id.
LOGIN = "sms"
NOBODY = "Никому его не сообщайте."


def keyed_hash(text: str) -> str:
    """An HMAC of `text` under the simulator's secret key: how every code is kept."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def code_hash(challenge: OtpChallenge, channel: str, code: str) -> str:
    """The code is good only for its attempt, its person and its channel."""
    return keyed_hash(f"{challenge.auth_request_id}:{challenge.persona_oid}:{channel}:{code}")


def new_code(persona: Persona) -> str:
    """Six random digits, or the tester's fixed code for the person."""
    return persona.fixed_code or f"{secrets.randbelow(10**6):06d}"


def deliver(persona: Persona, text: str, code: str) -> None:
    """Put the SMS on the person's phone, unless their script says it never arrives."""
    if sms_arrives(persona):
        outbox.send_sms(persona.phone, text, code)


def latest_challenge(auth_request: AuthRequest) -> OtpChallenge | None:
    """The login's current code, read once a request (its checks and its page all ask)."""
    query = (
        select(OtpChallenge)
        .where(OtpChallenge.auth_request_id == auth_request.id)
        .order_by(OtpChallenge.created_at.desc(), OtpChallenge.id.desc())
        .limit(1)
    )
    return once_per_request(f"challenge:{auth_request.id}", lambda: db.session.scalar(query))


def resend_available_at(auth_request: AuthRequest) -> datetime | None:
    return resend_time(latest_challenge(auth_request))


def resend_time(challenge: OtpChallenge | None) -> datetime | None:
    if challenge is None:
        return None
    return challenge.created_at + timedelta(seconds=setting("OTP_RESEND_AFTER"))


def codes_sent_last_hour(persona: Persona, channel: str) -> int:
    """Codes sent to the person in the last hour. The SMS login counts only codes of attempts
    that are the person's, which a bank's code becomes only once it was entered right: a
    stranger typing the phone at a bank cannot use up the owner's login codes."""
    since = clock.now() - timedelta(hours=1)
    if persona.codes_counted_from and persona.codes_counted_from > since:
        since = persona.codes_counted_from  # a trainer's unlock starts the count again
    query = select(func.count(OtpChallenge.id)).where(
        OtpChallenge.persona_oid == persona.oid, OtpChallenge.created_at > since
    )
    if channel == LOGIN:
        query = query.join(AuthRequest).where(AuthRequest.persona_oid == persona.oid)
    return db.session.scalar(query)


def check_resend_allowed(previous: OtpChallenge | None, persona: Persona, channel: str) -> None:
    available = resend_time(previous)
    if previous and previous.persona_oid == persona.oid and available > clock.now():
        seconds = int((available - clock.now()).total_seconds()) + 1
        raise ServiceError("code", f"Новый код можно получить через {seconds} с")
    if codes_sent_last_hour(persona, channel) >= setting("OTP_MAX_PER_HOUR"):
        raise ServiceError(
            "code", "Вы запросили слишком много кодов. Новый код можно получить через час"
        )


def check_source(source: str) -> None:
    """One device gets only so many codes in the window, whichever people it names."""
    throttle = lockout.source_throttle(f"codes:{source}")
    if throttle.failures >= group_scope.source_cap("OTP_MAX_PER_SOURCE"):
        raise ServiceError(
            "code", "С вашего устройства запрошено слишком много кодов. Повторите вход позже"
        )
    lockout.count_against(throttle)


def send_code(auth_request: AuthRequest, persona: Persona, source: str, bank=None) -> None:
    """Send a fresh 6-digit code for this login attempt; the earlier one stops working.
    A `bank` sends its own code; the same rules hold for every channel."""
    channel = bank.id if bank else LOGIN
    clock.follow(persona)
    previous = latest_challenge(auth_request)
    check_resend_allowed(previous, persona, channel)
    check_source(source)
    if previous:
        previous.spent = True
    code = new_code(persona)
    now = clock.now()
    challenge = OtpChallenge(
        auth_request_id=auth_request.id,
        persona_oid=persona.oid,
        code_hash="",
        created_at=now,
        expires_at=now + timedelta(seconds=setting("OTP_TTL")),
    )
    challenge.code_hash = code_hash(challenge, channel, code)
    db.session.add(challenge)
    forget(f"challenge:{auth_request.id}")
    text = f"Код подтверждения входа на Госуслуги: {code}. " + NOBODY
    if bank:
        text = f"{bank.name}: код для входа на Госуслуги через банк {code}. " + NOBODY
    deliver(persona, text, code)


# Magic numbers, as login.gov has: an SMS to +7 900 000-00-01 … -09 never arrives.
NEVER_DELIVERED = "+790000000"


def sms_arrives(persona: Persona) -> bool:
    """False for a scripted "sms": "never" or a magic never-delivered number."""
    if (persona.script or {}).get("sms") == "never":
        return False
    return not (persona.phone or "").startswith(NEVER_DELIVERED)


def has_live_code(auth_request: AuthRequest, persona: Persona) -> bool:
    """The attempt is the person's already and its login code still works (back button)."""
    current = latest_challenge(auth_request)
    return (
        auth_request.persona_oid == persona.oid
        and current is not None
        and not current.spent
        and current.persona_oid == persona.oid
        and current.expires_at > clock.now()
    )


def ensure_code(auth_request: AuthRequest, persona: Persona, source: str) -> None:
    """Send the person a code and make this attempt theirs, unless it has a live one; a
    refused code leaves the attempt whose it was. A person with an authenticator app gets no
    SMS unless they ask for one on the code page. The caller's commit stores it with the
    password step's timeline event."""
    if not has_live_code(auth_request, persona) and not asks_app_code(auth_request, persona):
        send_code(auth_request, persona, source)
    auth_request.persona_oid = persona.oid


def asks_app_code(auth_request: AuthRequest, persona: Persona) -> bool:
    """The code page asks for the authenticator app's code, not an SMS."""
    return totp.asks_app_code(persona, latest_challenge(auth_request))


def code_kind(auth_request: AuthRequest) -> str:
    """Which code the attempt's code page asks for, as the trainer's timeline names it."""
    persona = db.session.get(Persona, auth_request.persona_oid or 0)
    if persona is not None and asks_app_code(auth_request, persona):
        return "Код из приложения"
    return "Код из СМС"


def resend_code(auth_request: AuthRequest, persona: Persona, source: str) -> None:
    """«Send the code again» on the SMS code page."""
    send_code(auth_request, persona, source)
    db.session.commit()


def pending_person(auth_request: AuthRequest) -> Persona | None:
    """Whom the attempt's latest code was sent to (a bank's customer before the code)."""
    challenge = latest_challenge(auth_request)
    return db.session.get(Persona, challenge.persona_oid) if challenge else None


def check_code(auth_request: AuthRequest, code: str, channel: str) -> OtpChallenge:
    """Accept the current code once; three wrong entries or expiry spend it."""
    challenge = latest_challenge(auth_request)
    if challenge is None or challenge.spent:
        raise ServiceError("code", "Код больше не действует. Получите новый код")
    clock.follow_oid(challenge.persona_oid)
    if challenge.expires_at <= clock.now():
        raise ServiceError("code", "Срок действия кода истёк. Получите новый код")
    if not hmac.compare_digest(challenge.code_hash, code_hash(challenge, channel, code.strip())):
        left = count_wrong_entry(challenge, spent=True)
        if left <= 0:
            raise ServiceError("code", "Код введён неверно 3 раза. Получите новый код")
        raise ServiceError("code", f"Код не подходит. Осталось попыток: {left}")
    spend(challenge)
    return challenge


def count_wrong_entry(row, attempts: str = "attempts", **spent) -> int:
    """One more wrong code on `row` (a login code, an app sign-in, a profile check), counted in
    SQL so guesses on several instances add up; once the tries are used up the row takes the
    `spent` values. The tries left."""
    model, limit = type(row), setting("OTP_MAX_ATTEMPTS")
    counter = getattr(model, attempts)
    db.session.execute(update(model).where(model.id == row.id).values({counter: counter + 1}))
    if spent:
        db.session.execute(
            update(model).where(model.id == row.id, counter >= limit).values(**spent)
        )
    db.session.commit()
    db.session.refresh(row)
    return limit - getattr(row, attempts)


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


def confirm_code(auth_request: AuthRequest, code: str, channel: str) -> Persona:
    """The person the right code was sent to, now the attempt's (the caller opens the SSO
    session); ServiceError else."""
    challenge = check_code(auth_request, code, channel)
    persona = db.session.get(Persona, challenge.persona_oid)
    auth_request.persona_oid = persona.oid
    return persona


def log_in_by_code(auth_request: AuthRequest, code: str, source: str = "") -> Persona:
    """The person whose right login code this is, from the SMS or, when the page asks for it,
    the authenticator app; another factor succeeded for biometrics."""
    persona = db.session.get(Persona, auth_request.persona_oid or 0)
    if persona is not None and asks_app_code(auth_request, persona):
        totp.accept(persona, code, source)
    else:
        persona = confirm_code(auth_request, code, LOGIN)
    biometrics.reset(persona)
    return persona
