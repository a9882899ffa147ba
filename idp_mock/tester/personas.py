"""Creating and changing test people, as the tester API and the seed do."""

import json
from datetime import date

from sqlalchemy import select

from common.errors import ServiceError
from common.validators import is_valid_email, is_valid_snils, normalize_phone, snils_digits
from idp_mock import clock
from idp_mock.login.passwords import hash_password, password_problem
from idp_mock.models import LEVELS, STATES, Persona, db
from idp_mock.tester import sessions, shortcuts

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


FIRST_OID = 1000000000


def new_oid() -> int:
    highest = db.session.scalar(select(db.func.max(Persona.oid))) or FIRST_OID
    return max(highest, FIRST_OID) + 1


def set_password(persona: Persona, password: str) -> None:
    problem = password_problem(password or "")
    if problem:
        raise ServiceError("password", problem)
    persona.password_hash = hash_password(password)


def check_free(persona: Persona, column, value, field: str, what: str) -> None:
    """One login belongs to one person: refuse a phone, e-mail or SNILS someone else has."""
    if value is None:
        return
    owner = db.session.scalar(select(Persona.oid).where(column == value))
    if owner is not None and owner != persona.oid:
        raise ServiceError(field, f"{what} уже есть у другого пользователя (OID {owner})")


def canonical_email(value: str) -> str | None:
    return value.lower() if is_valid_email(value) else None


def canonical_snils(value: str) -> str | None:
    return snils_digits(value) if is_valid_snils(value) else None


# Each way to log in: its column, its canonical form (None when malformed), what to say.
IDENTIFIERS = {
    "phone": (
        Persona.phone,
        normalize_phone,
        "Укажите мобильный номер в формате +7 9XX XXX-XX-XX",
        "Этот телефон",
    ),
    "email": (
        Persona.email,
        canonical_email,
        "Укажите адрес почты в формате name@example.ru",
        "Эта почта",
    ),
    "snils": (
        Persona.snils,
        canonical_snils,
        "СНИЛС не проходит проверку контрольного числа",
        "Этот СНИЛС",
    ),
}


def set_identifiers(persona: Persona, data: dict) -> None:
    """Phone, e-mail and SNILS in their canonical form; an empty one is removed."""
    for field, (column, canonical, malformed, what) in IDENTIFIERS.items():
        if field not in data:
            continue
        value = canonical(data[field]) if data[field] else None
        if data[field] and value is None:
            raise ServiceError(field, malformed)
        check_free(persona, column, value, field, what)
        setattr(persona, field, value)


def apply(persona: Persona, data: dict) -> Persona:
    """Copy tester-supplied fields onto a persona, checking the ones with rules."""
    set_identifiers(persona, data)
    if "state" in data:
        if data["state"] not in STATES:
            raise ServiceError("state", "Состояние: active, verifying или blocked")
        if data["state"] == "blocked" and persona.oid:
            sessions.revoke_person(persona.oid)
        persona.state = data["state"]
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
    if "fixed_code" in data:
        shortcuts.set_fixed_code(persona, data["fixed_code"])
    if "script" in data:
        set_script(persona, data["script"])
    if "locked_until" in data and data["locked_until"] is None:
        persona.locked_until, persona.failed_logins = None, 0
    for field in EDITABLE:
        if field in data:
            setattr(persona, field, data[field])
    persona.updated_at = clock.now()
    return persona


def set_script(persona: Persona, script) -> None:
    """Scripted outcomes per way in, e.g. {"sms": "never", "app": "deny"}; see the OpenAPI."""
    if not isinstance(script, dict):
        raise ServiceError("script", "script: объект JSON")
    persona.script = script


def chosen_oid(oid) -> int:
    if oid is None:
        return new_oid()
    if isinstance(oid, bool) or not isinstance(oid, int) or oid < FIRST_OID:
        raise ServiceError("oid", f"OID — целое число не меньше {FIRST_OID}")
    if db.session.get(Persona, oid) is not None:
        raise ServiceError("oid", f"OID {oid} уже занят")
    return oid


def create(data: dict) -> Persona:
    """A new test person from tester JSON, stored; raises ServiceError naming the bad field."""
    persona = new_persona(data)
    db.session.commit()
    return persona


def new_persona(data: dict) -> Persona:
    for field in ("last_name", "first_name", "birth_date", "gender", "password"):
        if not data.get(field):
            raise ServiceError(field, f"Поле {field} обязательно")
    if not (data.get("phone") or data.get("email")):
        raise ServiceError("phone", "Нужен телефон или почта для входа")
    persona = Persona(
        oid=chosen_oid(data.get("oid")),
        failed_logins=0,
        documents=[],
        addresses=[],
        roles=[],
        registry={},
    )
    db.session.add(apply(persona, data))
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
        "state": persona.state or "active",
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
        "fixed_code": persona.fixed_code,
        "script": persona.script or {},
    }


def listed() -> list[Persona]:
    return list(db.session.scalars(select(Persona).order_by(Persona.oid)))


def export() -> list[dict]:
    """Every person as the tester API shows them, to be imported elsewhere."""
    return [as_json(persona) for persona in listed()]


def change(persona: Persona, data: dict) -> Persona:
    """Apply tester changes and store them; when one is refused, none is stored."""
    try:
        apply(persona, data)
    except ServiceError:
        db.session.rollback()
        raise
    db.session.commit()
    return persona


def delete(persona: Persona) -> None:
    db.session.delete(persona)
    db.session.commit()


def console_fields(persona: Persona) -> dict:
    """The console form's fields as the person has them now."""
    return {
        "phone": persona.phone,
        "email": persona.email,
        "level": persona.level,
        "state": persona.state,
        "fixed_code": persona.fixed_code,
        "script": json.dumps(persona.script or {}, ensure_ascii=False),
    }


def change_from_console(persona: Persona, data: dict) -> Persona:
    return change(persona, from_console(data))


def from_console(data: dict) -> dict:
    """The console form's fields as tester-API changes (empty password: unchanged)."""
    try:
        script = json.loads(data.get("script") or "{}")
    except ValueError:
        raise ServiceError("script", "Сценарий должен быть объектом JSON, например {}") from None
    changes = {
        "phone": data.get("phone") or None,
        "email": data.get("email") or None,
        "level": data.get("level"),
        "state": data.get("state") or "active",
        "fixed_code": data.get("fixed_code") or None,
        "script": script,
    }
    if data.get("password"):
        changes["password"] = data["password"]
    return changes


def import_json(text: str) -> int:
    """Create or update people from an export; each keeps its OID. Raises ServiceError."""
    try:
        rows = json.loads(text)
    except ValueError:
        raise ServiceError("data", "Это не JSON. Вставьте выгрузку целиком") from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ServiceError("data", "Нужен список пользователей в JSON: [{...}, {...}]")
    try:
        store_rows(rows)
    except ServiceError:
        db.session.rollback()
        raise
    db.session.commit()
    return len(rows)


def store_rows(rows: list[dict]) -> None:
    for row in rows:
        row = {k: v for k, v in row.items() if k not in READ_ONLY}
        existing = db.session.get(Persona, row.get("oid") or 0)
        if existing:
            apply(existing, row)
        else:
            row.setdefault("password", IMPORTED_PASSWORD)
            new_persona(row)


READ_ONLY = {"trusted", "failed_logins", "locked_until"}
IMPORTED_PASSWORD = "Demo2026!"  # noqa: S105 - the documented demo password
