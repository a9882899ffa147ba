"""What the profile waits for: a code sent to confirm a contact, a new app or the account, and
a check of personal data that answers after a moment. A code is kept hashed, bound to its
person, kind and value; three wrong entries or its expiry spend it."""

import hmac
import json
import secrets
from datetime import timedelta

from sqlalchemy import delete, func, select, update

from common.errors import ServiceError
from idp_mock import clock
from idp_mock.config import setting
from idp_mock.login import sms
from idp_mock.login.sms import keyed_hash
from idp_mock.models import Persona, ProfileCheck, db

EXPIRED = "Срок действия кода истёк. Получите новый код"
SPENT = "Код введён неверно 3 раза. Получите новый код"


def latest(persona: Persona, kind: str) -> ProfileCheck | None:
    return db.session.scalar(
        select(ProfileCheck)
        .where(ProfileCheck.persona_oid == persona.oid, ProfileCheck.kind == kind)
        .order_by(ProfileCheck.id.desc())
        .limit(1)
    )


def pending(persona: Persona, kind: str) -> ProfileCheck | None:
    check = latest(persona, kind)
    return check if check is not None and check.status == "pending" else None


def code_hash(persona: Persona, kind: str, value: dict, code: str) -> str:
    bound = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return keyed_hash(f"profile:{persona.oid}:{kind}:{bound}:{code}")


def open_check(persona: Persona, kind: str, value: dict, seconds: int) -> ProfileCheck:
    """A new check of `kind`; an earlier one still pending is dropped. The caller commits."""
    clock.follow(persona)
    db.session.execute(
        update(ProfileCheck)
        .where(
            ProfileCheck.persona_oid == persona.oid,
            ProfileCheck.kind == kind,
            ProfileCheck.status == "pending",
        )
        .values(status="dropped")
    )
    now = clock.now()
    check = ProfileCheck(
        persona_oid=persona.oid,
        kind=kind,
        value=value,
        code_hash="",
        attempts=0,
        status="pending",
        reason="",
        created_at=now,
        ready_at=now + timedelta(seconds=seconds),
    )
    db.session.add(check)
    return check


def new_code(persona: Persona) -> str:
    return persona.fixed_code or f"{secrets.randbelow(10**6):06d}"


def check_may_send(persona: Persona, source: str) -> None:
    """The login codes' limits hold for the profile's codes too: per hour and per device."""
    since = clock.now() - timedelta(hours=1)
    sent = db.session.scalar(
        select(func.count(ProfileCheck.id)).where(
            ProfileCheck.persona_oid == persona.oid,
            ProfileCheck.created_at > since,
            ProfileCheck.code_hash != "",
        )
    )
    if sent >= setting("OTP_MAX_PER_HOUR"):
        raise ServiceError(
            "code", "Вы запросили слишком много кодов. Новый код можно получить через час"
        )
    sms.check_source(source)


def open_code(persona: Persona, kind: str, value: dict, source: str) -> tuple[ProfileCheck, str]:
    """A check answered by a code: the code to send, valid as long as a login code."""
    clock.follow(persona)
    check_may_send(persona, source)
    check = open_check(persona, kind, value, setting("OTP_TTL"))
    code = new_code(persona)
    check.code_hash = code_hash(persona, kind, value, code)
    return check, code


def confirm_code(persona: Persona, kind: str, code: str) -> ProfileCheck:
    """The pending check of `kind` whose code this is, now done (once); ServiceError else."""
    clock.follow(persona)
    check = pending(persona, kind)
    if check is None:
        raise ServiceError("code", "Код больше не действует. Получите новый код")
    if check.ready_at <= clock.now():
        raise ServiceError("code", EXPIRED)
    expected = code_hash(persona, kind, check.value, (code or "").strip())
    if not hmac.compare_digest(check.code_hash, expected):
        raise ServiceError("code", wrong_code(check))
    spend(check)
    return check


def wrong_code(check: ProfileCheck) -> str:
    """Count one wrong entry; the message with the tries left."""
    left = sms.count_wrong_entry(check, status="failed", reason=SPENT)
    return f"Код не подходит. Осталось попыток: {left}" if left > 0 else SPENT


def spend(check: ProfileCheck) -> None:
    """Of two entries of the right code only one gets through."""
    done = db.session.execute(
        update(ProfileCheck)
        .where(ProfileCheck.id == check.id, ProfileCheck.status == "pending")
        .values(status="ok")
    ).rowcount
    if done != 1:
        db.session.rollback()
        raise ServiceError("code", "Код больше не действует. Получите новый код")


def answered(check: ProfileCheck | None) -> bool:
    """A timed check whose moment has come and whose answer is not yet recorded."""
    clock.follow_oid(check.persona_oid if check else None)
    return check is not None and check.status == "pending" and check.ready_at <= clock.now()


def forget_person(oid: int) -> None:
    """Drop everything the profile waits for on behalf of a person being deleted (SQLite keeps
    rows whose person is gone, and a later person may get the same OID); the caller commits."""
    db.session.execute(delete(ProfileCheck).where(ProfileCheck.persona_oid == oid))
