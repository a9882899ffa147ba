"""Creating and changing test people, as the tester API and the seed do."""

from datetime import date

from common.validators import is_valid_email, is_valid_snils, normalize_phone, snils_digits

from . import clock
from .authn import ServiceError
from .models import LEVELS, Persona, db
from .passwords import hash_password, password_problem

EDITABLE = (
    "last_name",
    "first_name",
    "middle_name",
    "birth_place",
    "gender",
    "inn",
    "citizenship",
    "phone_verified",
    "email_verified",
    "documents",
    "addresses",
    "roles",
    "registry",
    "description",
)


def new_oid() -> int:
    highest = db.session.query(db.func.max(Persona.oid)).scalar() or 1000000000
    return max(highest, 1000000000) + 1


def set_password(persona: Persona, password: str) -> None:
    problem = password_problem(password or "")
    if problem:
        raise ServiceError("password", problem)
    persona.password_hash = hash_password(password)


def set_identifiers(persona: Persona, data: dict) -> None:
    if "phone" in data:
        phone = normalize_phone(data["phone"] or "")
        if data["phone"] and not phone:
            raise ServiceError("phone", "Укажите мобильный номер в формате +7 9XX XXX-XX-XX")
        persona.phone = phone
    if "email" in data:
        if data["email"] and not is_valid_email(data["email"]):
            raise ServiceError("email", "Укажите адрес почты в формате name@example.ru")
        persona.email = (data["email"] or "").lower() or None
    if "snils" in data:
        if data["snils"] and not is_valid_snils(data["snils"]):
            raise ServiceError("snils", "СНИЛС не проходит проверку контрольного числа")
        persona.snils = snils_digits(data["snils"] or "") or None


def apply(persona: Persona, data: dict) -> Persona:
    """Copy tester-supplied fields onto a persona, checking the ones with rules."""
    set_identifiers(persona, data)
    if "level" in data:
        if data["level"] not in LEVELS:
            raise ServiceError("level", "Уровень: simplified, standard или confirmed")
        persona.level = data["level"]
    if "birth_date" in data:
        try:
            persona.birth_date = date.fromisoformat(data["birth_date"])
        except (TypeError, ValueError):
            raise ServiceError("birth_date", "Дата рождения в формате ГГГГ-ММ-ДД") from None
    if "password" in data:
        set_password(persona, data["password"])
    if "locked_until" in data and data["locked_until"] is None:
        persona.locked_until, persona.failed_logins = None, 0
    for field in EDITABLE:
        if field in data:
            setattr(persona, field, data[field])
    persona.updated_at = clock.now()
    return persona


def create(data: dict) -> Persona:
    for field in ("last_name", "first_name", "birth_date", "gender", "password"):
        if not data.get(field):
            raise ServiceError(field, f"Поле {field} обязательно")
    if not (data.get("phone") or data.get("email")):
        raise ServiceError("phone", "Нужен телефон или почта для входа")
    persona = Persona(
        oid=data.get("oid") or new_oid(),
        failed_logins=0,
        documents=[],
        addresses=[],
        roles=[],
        registry={},
    )
    apply(persona, data)
    db.session.add(persona)
    db.session.commit()
    return persona


def as_json(persona: Persona) -> dict:
    return {
        "oid": persona.oid,
        "email": persona.email,
        "phone": persona.phone,
        "snils": persona.snils,
        "last_name": persona.last_name,
        "first_name": persona.first_name,
        "middle_name": persona.middle_name,
        "birth_date": persona.birth_date.isoformat(),
        "birth_place": persona.birth_place,
        "gender": persona.gender,
        "inn": persona.inn,
        "citizenship": persona.citizenship,
        "level": persona.level,
        "trusted": persona.trusted,
        "phone_verified": persona.phone_verified,
        "email_verified": persona.email_verified,
        "documents": persona.documents,
        "addresses": persona.addresses,
        "roles": persona.roles,
        "registry": persona.registry,
        "description": persona.description,
        "failed_logins": persona.failed_logins,
        "locked_until": persona.locked_until.isoformat() + "Z" if persona.locked_until else None,
    }
