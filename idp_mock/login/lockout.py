"""Password check and lockout: five wrong passwords lock the account for 30 minutes, and one
device that fails too often is stopped before it can lock many accounts."""

from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from common.errors import Refusal, ServiceError
from common.moscow import moscow_time
from common.per_request import once_per_request
from common.upsert import insert_for
from common.validators import normalize_phone, snils_digits
from idp_mock import clock, group_scope, outbox
from idp_mock.config import setting
from idp_mock.login.passwords import verify_password
from idp_mock.models import LoginThrottle, Persona, db

WRONG_CREDENTIALS = "Неверный логин или пароль"


BLOCKED = (
    "Учётная запись заблокирована. Чтобы восстановить доступ, обратитесь в центр "
    "обслуживания с паспортом и СНИЛС"
)


def check_not_blocked(persona: Persona) -> None:
    if persona.state == "blocked":
        raise Refusal("login", BLOCKED)


class AccountLocked(Refusal):
    def __init__(self, until: datetime):
        super().__init__(
            "login",
            f"Учётная запись временно заблокирована из-за неверного ввода пароля. "
            f"Повторите вход после {moscow_time(until)} (время московское) "
            f"или восстановите пароль.",
        )
        self.until = until


def check_not_locked(persona: Persona) -> None:
    """Refuse every way in while the password lockout lasts, not only the password page."""
    if persona.locked_until and persona.locked_until > clock.now():
        raise AccountLocked(persona.locked_until)


def find_persona(login: str) -> Persona | None:
    """An account by its phone, e-mail or SNILS, typed the way people type them; looked up
    once per request (the request's group is found by it before the view runs)."""
    login = (login or "").strip()
    return once_per_request(f"persona by login {login}", lambda: lookup_persona(login))


def lookup_persona(login: str) -> Persona | None:
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
    """The source's failures in the current window, counted apart in each group (a class sits
    behind one address) and on the clock of the people the request is about."""
    source = group_scope.source_key(source)
    row = db.session.get(LoginThrottle, source) or first_throttle_row(source)
    now = clock.now()
    if now - row.window_start > timedelta(seconds=setting("SOURCE_WINDOW_SECONDS")):
        row.window_start, row.failures = now, 0
    return row


def first_throttle_row(source: str) -> LoginThrottle:
    """Create the source's row unless another request (or instance) just did: one statement,
    no savepoint, as twenty logins of a class may all be the first from their address."""
    insert = insert_for(db.session, LoginThrottle)
    db.session.execute(
        insert.values(source=source, window_start=clock.now(), failures=0).on_conflict_do_nothing(
            index_elements=["source"]
        )
    )
    return db.session.get(LoginThrottle, source, populate_existing=True)


def check_source(throttle: LoginThrottle) -> None:
    if throttle.failures >= group_scope.source_cap("SOURCE_FAILURES_PER_WINDOW"):
        until = throttle.window_start + timedelta(seconds=setting("SOURCE_WINDOW_SECONDS"))
        raise Refusal(
            "login",
            f"С вашего устройства было слишком много неудачных попыток входа. "
            f"Повторите вход после {moscow_time(until)} (время московское).",
        )


def count_against(throttle: LoginThrottle) -> None:
    """One more for the source, in SQL (not read-modify-write): several instances count
    together."""
    db.session.flush()
    db.session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.source == throttle.source)
        .values(failures=LoginThrottle.failures + 1)
    )


def register_failure(persona: Persona | None, throttle: LoginThrottle) -> None:
    """Count the failure for the source and the account."""
    count_against(throttle)
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
    persona = find_persona(login)
    clock.follow(persona)
    throttle = source_throttle(source)
    check_source(throttle)
    if persona:
        try:
            check_not_locked(persona)
        except AccountLocked:
            db.session.commit()
            raise
    if not verify_password(persona.password_hash if persona else None, password):
        register_failure(persona, throttle)
        db.session.commit()
        if persona and persona.locked_until and persona.locked_until > clock.now():
            raise AccountLocked(persona.locked_until)
        raise ServiceError("password", WRONG_CREDENTIALS)
    persona.failed_logins, persona.locked_until = 0, None
    check_not_blocked(persona)
    return persona
