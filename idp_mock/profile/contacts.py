"""Contacts: a new mobile phone or e-mail becomes the person's only once the code sent to it
is entered; the current one can be confirmed the same way."""

from sqlalchemy import func, select

from common.errors import ServiceError
from common.validators import is_valid_email, normalize_phone
from idp_mock import outbox
from idp_mock.models import Persona, ProfileCheck, db
from idp_mock.profile import checks

KINDS = {
    "phone": ("Укажите мобильный номер в формате +7 9XX XXX-XX-XX", "Этот телефон"),
    "email": ("Укажите адрес почты в формате name@example.ru", "Эта почта"),
}


def canonical(kind: str, value: str) -> str | None:
    value = (value or "").strip()
    if kind == "phone":
        return normalize_phone(value)
    return value.lower() if is_valid_email(value) else None


def check_free(persona: Persona, kind: str, value: str) -> None:
    column = Persona.phone if kind == "phone" else func.lower(Persona.email)
    owner = db.session.scalar(select(Persona.oid).where(column == value))
    if owner is not None and owner != persona.oid:
        raise ServiceError("value", f"{KINDS[kind][1]} указан в другой учётной записи")


def send(persona: Persona, kind: str, value: str | None, source: str) -> ProfileCheck:
    """Send a code to the new contact (or, with no value, to the current one)."""
    target = canonical(kind, value) if value else getattr(persona, kind)
    if not target:
        raise ServiceError("value", KINDS[kind][0])
    check_free(persona, kind, target)
    check, code = checks.open_code(persona, kind, {"to": target}, source)
    if kind == "phone":
        text = f"Код для подтверждения телефона на Госуслугах: {code}. Никому его не сообщайте."
        outbox.send_sms(target, text, code)
    else:
        text = f"Код для подтверждения почты на Госуслугах: {code}. Никому его не сообщайте."
        outbox.send_email(target, text, code)
    db.session.commit()
    return check


def confirm(persona: Persona, kind: str, code: str) -> str:
    """The right code: the contact is the person's, confirmed. Answers the contact."""
    check = checks.confirm_code(persona, kind, code)
    target = check.value["to"]
    check_free(persona, kind, target)
    setattr(persona, kind, target)
    setattr(persona, f"{kind}_verified", True)
    db.session.commit()
    return target


def waiting(persona: Persona, kind: str) -> ProfileCheck | None:
    return checks.pending(persona, kind)
