"""The Gosuslugi app on a phone, signed in as one person as the real app is: login and password
(the login page's password check and lockout), then an SMS code. The phone keeps a random
secret in a cookie; the simulator keeps only its hash, bound to the person."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select, update

from common.errors import ServiceError
from idp_mock import clock
from idp_mock.config import setting
from idp_mock.login import lockout, sms
from idp_mock.models import AppDevice, Persona, db

COOKIE = "esia_app"
PATH = "/app"
NO_APP = "У этого пользователя не установлено приложение Госуслуги"
START_AGAIN = "Код больше не действует. Войдите в приложение заново"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def device_of(secret: str | None) -> AppDevice | None:
    """The device whose secret the phone holds, pending or signed in."""
    return db.session.get(AppDevice, digest(secret)) if secret else None


def signed_in(secret: str | None) -> AppDevice | None:
    """The phone's device if its sign-in is complete."""
    device = device_of(secret)
    return device if device is not None and device.status == "active" else None


def owner(device: AppDevice) -> Persona:
    return db.session.get(Persona, device.persona_oid)


def check_sign_ins_allowed(persona: Persona, source: str) -> None:
    """The login codes' limits hold for the app's codes too: per hour and per device."""
    hour_ago = clock.now() - timedelta(hours=1)
    started = db.session.scalar(
        select(func.count(AppDevice.id)).where(
            AppDevice.persona_oid == persona.oid, AppDevice.created_at > hour_ago
        )
    )
    if started >= setting("OTP_MAX_PER_HOUR"):
        raise ServiceError(
            "login", "Вы запросили слишком много кодов. Новый код можно получить через час"
        )
    sms.check_source(source)


def start_sign_in(login: str, password: str, source: str) -> str:
    """Check the password (a wrong one counts towards the lockout), send the SMS code and
    answer the new device's secret; the device is pending until the code is right."""
    persona = lockout.check_password(login, password, source)
    if (persona.script or {}).get("app") == "none":
        db.session.commit()
        raise ServiceError("login", NO_APP)
    check_sign_ins_allowed(persona, source)
    secret, code, now = secrets.token_urlsafe(32), sms.new_code(persona), clock.now()
    device = AppDevice(
        id=digest(secret),
        persona_oid=persona.oid,
        status="pending",
        code_attempts=0,
        code_expires_at=now + timedelta(seconds=setting("OTP_TTL")),
        created_at=now,
    )
    device.code_hash = sms.keyed_hash(f"app:{device.id}:{code}")
    db.session.add(device)
    sms.deliver(persona, f"Код для входа в приложение Госуслуги: {code}. " + sms.NOBODY, code)
    db.session.commit()
    return secret


def confirm_sign_in(device: AppDevice, code: str) -> Persona:
    """The right code signs the app in; three wrong ones or expiry end the attempt."""
    clock.follow_oid(device.persona_oid)
    if device.code_expires_at <= clock.now():
        raise ServiceError("code", START_AGAIN)
    expected = sms.keyed_hash(f"app:{device.id}:{code.strip()}")
    if not hmac.compare_digest(device.code_hash, expected):
        left = sms.count_wrong_entry(device, "code_attempts")
        raise ServiceError(
            "code", f"Код не подходит. Осталось попыток: {left}" if left > 0 else START_AGAIN
        )
    persona = owner(device)
    lockout.check_not_blocked(persona)
    lockout.check_not_locked(persona)
    activated = db.session.execute(
        update(AppDevice)
        .where(
            AppDevice.id == device.id,
            AppDevice.status == "pending",
            AppDevice.code_attempts < setting("OTP_MAX_ATTEMPTS"),
        )
        .values(status="active", code_hash="")
    ).rowcount
    if activated != 1:
        db.session.rollback()
        raise ServiceError("code", START_AGAIN)
    db.session.commit()
    return persona


def sign_out(device: AppDevice | None) -> None:
    """Sign the app out: its secret stops working."""
    if device is not None:
        db.session.delete(device)
        db.session.commit()


def forget_person(oid: int) -> None:
    """Sign every app of a person out (the person is deleted); the caller commits."""
    db.session.execute(delete(AppDevice).where(AppDevice.persona_oid == oid))


def remember(response, secret: str):
    """Give the phone its secret: HttpOnly, only for the app's pages."""
    response.set_cookie(
        COOKIE,
        secret,
        max_age=int(timedelta(days=90).total_seconds()),
        path=PATH,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


def forget(response):
    response.delete_cookie(COOKIE, path=PATH)
    return response
