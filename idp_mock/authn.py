"""Logging a person in: password with lockout, then a one-time SMS code bound to the attempt."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from common.moscow import moscow_time
from common.validators import normalize_phone, snils_digits

from . import clock, outbox
from .models import AuthRequest, LoginThrottle, OtpChallenge, Persona, SsoSession, db
from .passwords import verify_password

WRONG_CREDENTIALS = "Неверный логин или пароль"


class ServiceError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


BLOCKED = (
    "Учётная запись заблокирована. Чтобы восстановить доступ, обратитесь в центр "
    "обслуживания с паспортом и СНИЛС"
)


def check_not_blocked(persona: Persona) -> None:
    if persona.state == "blocked":
        raise ServiceError("login", BLOCKED)


class AccountLocked(ServiceError):
    def __init__(self, until: datetime):
        super().__init__(
            "login",
            f"Учётная запись временно заблокирована из-за неверного ввода пароля. "
            f"Повторите вход после {moscow_time(until)} (время московское) "
            f"или восстановите пароль.",
        )
        self.until = until


def setting(name: str):
    return current_app.config[name]


def find_persona(login: str) -> Persona | None:
    """An account by its phone, e-mail or SNILS, typed the way people type them."""
    login = (login or "").strip()
    if "@" in login:
        return db.session.scalar(select(Persona).where(func.lower(Persona.email) == login.lower()))
    phone = normalize_phone(login)
    if phone:
        return db.session.scalar(select(Persona).where(Persona.phone == phone))
    digits = snils_digits(login)
    if digits.isdigit() and len(digits) == 11:
        return db.session.scalar(select(Persona).where(Persona.snils == digits))
    return None


def source_throttle(source: str) -> LoginThrottle:
    row = db.session.get(LoginThrottle, source) or first_throttle_row(source)
    now = clock.now()
    if now - row.window_start > timedelta(seconds=setting("SOURCE_WINDOW_SECONDS")):
        row.window_start, row.failures = now, 0
    return row


def first_throttle_row(source: str) -> LoginThrottle:
    """Create the source's row; another instance may create it at the same moment."""
    try:
        with db.session.begin_nested():
            db.session.add(LoginThrottle(source=source, window_start=clock.now(), failures=0))
    except IntegrityError:
        pass
    return db.session.get(LoginThrottle, source, populate_existing=True)


def check_source(throttle: LoginThrottle) -> None:
    if throttle.failures >= setting("SOURCE_FAILURES_PER_WINDOW"):
        until = throttle.window_start + timedelta(seconds=setting("SOURCE_WINDOW_SECONDS"))
        raise ServiceError(
            "login",
            f"С вашего устройства было слишком много неудачных попыток входа. "
            f"Повторите вход после {moscow_time(until)} (время московское).",
        )


def register_failure(persona: Persona | None, throttle: LoginThrottle) -> None:
    """Count the failure in SQL (not read-modify-write): several instances count together."""
    db.session.flush()
    db.session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.source == throttle.source)
        .values(failures=LoginThrottle.failures + 1)
    )
    if persona is None:
        return
    db.session.execute(
        update(Persona)
        .where(Persona.oid == persona.oid)
        .values(failed_logins=Persona.failed_logins + 1)
    )
    locked = db.session.execute(
        update(Persona)
        .where(Persona.oid == persona.oid, Persona.failed_logins >= setting("LOCKOUT_THRESHOLD"))
        .values(
            failed_logins=0,
            locked_until=clock.now() + timedelta(seconds=setting("LOCKOUT_SECONDS")),
        )
    ).rowcount
    db.session.refresh(persona)
    db.session.refresh(throttle)
    if locked:
        warn_owner_of_lockout(persona)


def warn_owner_of_lockout(persona: Persona) -> None:
    if persona.phone:
        outbox.send_sms(
            persona.phone,
            f"Вход на Госуслуги заблокирован до {moscow_time(persona.locked_until)} мск после "
            f"{setting('LOCKOUT_THRESHOLD')} неверных паролей. "
            "Если это были не вы, смените пароль.",
        )


def check_password(login: str, password: str, source: str) -> Persona:
    """The account for these credentials; raise ServiceError or AccountLocked otherwise."""
    throttle = source_throttle(source)
    check_source(throttle)
    persona = find_persona(login)
    if persona and persona.locked_until and persona.locked_until > clock.now():
        db.session.commit()
        raise AccountLocked(persona.locked_until)
    if not verify_password(persona.password_hash if persona else None, password):
        register_failure(persona, throttle)
        db.session.commit()
        if persona and persona.locked_until and persona.locked_until > clock.now():
            raise AccountLocked(persona.locked_until)
        raise ServiceError("password", WRONG_CREDENTIALS)
    persona.failed_logins, persona.locked_until = 0, None
    check_not_blocked(persona)
    return persona


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
    """Send a code unless this attempt already has a live one for this person (back button)."""
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


def open_sso_session(auth_request: AuthRequest, persona: Persona, amr: str) -> SsoSession:
    now = clock.now()
    sso = SsoSession(
        id=secrets.token_urlsafe(24),
        persona_oid=persona.oid,
        amr=amr,
        created_at=now,
        expires_at=now + timedelta(seconds=setting("SSO_TTL")),
    )
    db.session.add(sso)
    auth_request.persona_oid, auth_request.amr = persona.oid, amr
    auth_request.authenticated_at, auth_request.sso_session_id = now, sso.id
    db.session.commit()
    return sso


def live_sso_session(sso_id: str | None) -> SsoSession | None:
    sso = db.session.get(SsoSession, sso_id) if sso_id else None
    if sso is None or sso.ended or sso.expires_at <= clock.now():
        return None
    return sso
